//! The `with_…` setters of generated request models, one macro line each: big specs have
//! thousands of them (Kubernetes' core API: 2,209), and written out they were most of the
//! generated code.

/// One setter `fn $setter(self, value) -> Self` for the optional field `$field`:
/// - `Some(Into<T>)` takes `impl Into<T>` and stores `Some(value.into())`; `Some(T)` takes a `T`;
/// - `Nullable(..)` stores [`Nullable::Value`](crate::Nullable::Value) instead (three-state
///   fields; `null` is assigned as `Nullable::Null`);
/// - `Null` makes a setter without an argument that stores
///   [`Nullable::Null`](crate::Nullable::Null): an explicit `null` on the wire;
/// - `box` before `Into` stores the value behind the field's pointer (a recursive field:
///   `Box`, or [`Indirect`](crate::Indirect) in deep chains; both convert from the value).
///
/// Attributes given first (e.g. `#[deprecated]`) go on the setter.
#[macro_export]
macro_rules! setter {
    ($(#[$m:meta])* $setter:ident => $field:ident = Some(box Into<$ty:ty>)) => {
        $crate::setter!(@fn $(#[$m])* $setter, $field, ::std::convert::Into<$ty>,
            |v| ::std::option::Option::Some(::std::convert::From::from(::std::convert::Into::<$ty>::into(v))));
    };
    ($(#[$m:meta])* $setter:ident => $field:ident = Some(Into<$ty:ty>)) => {
        $crate::setter!(@fn $(#[$m])* $setter, $field, ::std::convert::Into<$ty>,
            |v| ::std::option::Option::Some(v.into()));
    };
    ($(#[$m:meta])* $setter:ident => $field:ident = Some($ty:ty)) => {
        $crate::setter!(@plain $(#[$m])* $setter, $field, $ty, |v| ::std::option::Option::Some(v));
    };
    ($(#[$m:meta])* $setter:ident => $field:ident = Nullable(box Into<$ty:ty>)) => {
        $crate::setter!(@fn $(#[$m])* $setter, $field, ::std::convert::Into<$ty>,
            |v| $crate::Nullable::Value(::std::convert::From::from(::std::convert::Into::<$ty>::into(v))));
    };
    ($(#[$m:meta])* $setter:ident => $field:ident = Nullable(Into<$ty:ty>)) => {
        $crate::setter!(@fn $(#[$m])* $setter, $field, ::std::convert::Into<$ty>,
            |v| $crate::Nullable::Value(v.into()));
    };
    ($(#[$m:meta])* $setter:ident => $field:ident = Nullable($ty:ty)) => {
        $crate::setter!(@plain $(#[$m])* $setter, $field, $ty, |v| $crate::Nullable::Value(v));
    };
    ($(#[$m:meta])* $setter:ident => $field:ident = Null) => {
        #[doc = concat!("Sets `", stringify!($field), "` to `null`: sent as `null`, unlike a field left unset.")]
        $(#[$m])*
        pub fn $setter(mut self) -> Self {
            self.$field = $crate::Nullable::Null;
            self
        }
    };
    (@fn $(#[$m:meta])* $setter:ident, $field:ident, $bound:path, |$v:ident| $store:expr) => {
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        $(#[$m])*
        pub fn $setter(mut self, $v: impl $bound) -> Self {
            self.$field = $store;
            self
        }
    };
    (@plain $(#[$m:meta])* $setter:ident, $field:ident, $ty:ty, |$v:ident| $store:expr) => {
        #[doc = concat!("Sets `", stringify!($field), "`.")]
        $(#[$m])*
        pub fn $setter(mut self, $v: $ty) -> Self {
            self.$field = $store;
            self
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::Nullable;

    #[derive(Debug, Default, PartialEq)]
    struct Model {
        name: Option<String>,
        lists: Option<Vec<Option<String>>>,
        count: Option<i64>,
        next: Option<Box<Model>>,
        note: Nullable<String>,
        old: Option<bool>,
    }

    impl Model {
        crate::setter!(with_name => name = Some(Into<String>));
        crate::setter!(with_lists => lists = Some(Into<Vec<Option<String>>>));
        crate::setter!(with_count => count = Some(i64));
        crate::setter!(with_next => next = Some(box Into<Model>));
        crate::setter!(with_note => note = Nullable(Into<String>));
        crate::setter!(with_note_null => note = Null);
        crate::setter!(#[deprecated] with_old => old = Some(bool));
    }

    #[test]
    #[allow(deprecated)]
    fn each_kind_of_setter_stores_what_it_is_given() {
        let model = Model::default()
            .with_name("a")
            .with_lists(vec![None])
            .with_count(3)
            .with_next(Model::default().with_name("b"))
            .with_note("n")
            .with_old(true);
        assert_eq!(model.name.as_deref(), Some("a"));
        assert_eq!(model.count, Some(3));
        assert_eq!(model.lists, Some(vec![None]));
        assert_eq!(model.next.and_then(|n| n.name).as_deref(), Some("b"));
        assert_eq!(model.note, Nullable::Value("n".to_owned()));
        assert_eq!(model.old, Some(true));
        let cleared = Model::default().with_note("n").with_note_null();
        assert_eq!(cleared.note, Nullable::Null);
    }
}
