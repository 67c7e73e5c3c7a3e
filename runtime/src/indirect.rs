//! [`Indirect`]: a `Box` that keeps deep and cyclic type graphs compilable.
//!
//! A spec can chain hundreds of schemas (`A` holds a `B`, which holds a `C`, …) or close rings of
//! hundreds of them. rustc follows such chains to a fixed depth (the crate's `recursion_limit`,
//! 128 by default) in two places: the layout of a type held by value, and the drop-check rules of
//! a type — which look through `Box`, `Option`, `Vec` and maps alike, since dropping an `A` drops
//! everything it owns. A chain of 64 by-value structs therefore fails with "queries overflow the
//! depth limit", and a ring of 100 boxed ones with E0320 ("overflow while adding drop-check
//! rules").
//!
//! The generator puts an `Indirect` on the link that would make a chain too deep: it is a pointer
//! (so the layout stops there) and its drop-check rules are only "`T` outlives the value": the
//! contents sit in a `ManuallyDrop`, which rustc does not look into, and the `Drop` impl here
//! drops them. Everything else behaves as a `Box<T>`: it dereferences to `T`, and `Debug`,
//! `Clone`, equality and serde are `T`'s own (on the wire an `Indirect<T>` is a `T`).

use std::fmt;
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A heap-allocated `T` that ends rustc's depth-limited walks over the type graph (layout and
/// drop-check); used like a `Box<T>`.
pub struct Indirect<T> {
    /// Always `Some` until [`Drop::drop`] takes it; the `ManuallyDrop` is what hides `T` from the
    /// drop-check rules of the types that hold this one.
    value: ManuallyDrop<Option<Box<T>>>,
}

impl<T> Indirect<T> {
    /// Moves `value` to the heap.
    pub fn new(value: T) -> Self {
        Indirect {
            value: ManuallyDrop::new(Some(Box::new(value))),
        }
    }

    /// The value, moved out of its allocation.
    pub fn into_inner(mut self) -> T {
        match self.value.take() {
            Some(boxed) => *boxed,
            None => unreachable!("an Indirect is empty only while it is dropped"),
        }
    }
}

impl<T> Drop for Indirect<T> {
    fn drop(&mut self) {
        // `ManuallyDrop` would leak the value; taking it out drops it here instead.
        drop(self.value.take());
    }
}

impl<T> Deref for Indirect<T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self.value.as_deref() {
            Some(value) => value,
            None => unreachable!("an Indirect is empty only while it is dropped"),
        }
    }
}

impl<T> DerefMut for Indirect<T> {
    fn deref_mut(&mut self) -> &mut T {
        match self.value.as_deref_mut() {
            Some(value) => value,
            None => unreachable!("an Indirect is empty only while it is dropped"),
        }
    }
}

impl<T> AsRef<T> for Indirect<T> {
    fn as_ref(&self) -> &T {
        self
    }
}

impl<T> From<T> for Indirect<T> {
    fn from(value: T) -> Self {
        Indirect::new(value)
    }
}

impl<T: Clone> Clone for Indirect<T> {
    fn clone(&self) -> Self {
        Indirect::new(T::clone(self))
    }
}

impl<T: Default> Default for Indirect<T> {
    fn default() -> Self {
        Indirect::new(T::default())
    }
}

impl<T: PartialEq> PartialEq for Indirect<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Eq> Eq for Indirect<T> {}

impl<T: fmt::Debug> fmt::Debug for Indirect<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        T::fmt(self, f)
    }
}

impl<T: Serialize> Serialize for Indirect<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        T::serialize(self, serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Indirect<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Indirect::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn behaves_as_the_value_and_drops_it_once() {
        let counter = Rc::new(());
        let held = Indirect::new(Rc::clone(&counter));
        assert_eq!(Rc::strong_count(&counter), 2);
        let copy = held.clone();
        assert_eq!(Rc::strong_count(&counter), 3);
        drop(held);
        drop(copy);
        assert_eq!(Rc::strong_count(&counter), 1);
        let mut number = Indirect::new(41);
        *number += 1;
        assert_eq!(*number, 42);
        assert_eq!(format!("{number:?}"), "42");
        assert_eq!(number.into_inner(), 42);
    }

    #[test]
    fn is_the_value_on_the_wire() {
        let value: Indirect<Vec<u8>> = serde_json::from_str("[1,2]").unwrap();
        assert_eq!(*value, vec![1, 2]);
        assert_eq!(serde_json::to_string(&value).unwrap(), "[1,2]");
        assert!(serde_json::from_str::<Indirect<u8>>("\"x\"").is_err());
    }
}
