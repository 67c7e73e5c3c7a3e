//! `Deserialize` for generated structs, driven by a table of field names.
//!
//! `#[derive(Deserialize)]` writes, for every struct, a field-identifier enum with its own
//! visitor, a `visit_seq` and a `visit_map` with a branch per field: about half of the code
//! rustc checks in a generated client. Here that machinery exists once; a generated struct
//! implements [`DecodeStruct`] — its wire names, the types of its slots (one `Option` per
//! field, in a tuple: [`FieldSlots`] reads a field into its slot) and how the slots become
//! the struct — and its `Deserialize` calls [`decode_struct`].
//!
//! What a client sees is what the derive gives: `deserialize_struct` with the same name and
//! fields; unknown fields ignored (read as `IgnoredAny`, so `serde_ignored` still reports
//! them); `duplicate field`, `missing field` (a missing `Option` field is `None`, as serde's
//! derive makes it) and `invalid length` errors with the same text; an array read
//! positionally; keys matched as strings, bytes or field indices.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde::Deserialize;

/// A generated struct's fields, as [`decode_struct`] reads them.
pub trait DecodeStruct<'de>: Sized {
    /// The struct's name, for messages (`expected struct NAME`).
    const NAME: &'static str;
    /// The fields' wire names, in declaration order: a field's index is its position here.
    const FIELDS: &'static [&'static str];
    /// One `Option` per field, in the fields' order: a tuple of them, or for a struct of more
    /// than 16 fields, a tuple of such tuples (see [`FieldSlots`]).
    type Slots: FieldSlots<'de>;

    /// The struct from its slots: an empty slot is the field's default, or `missing`'s error.
    fn finish<E: de::Error>(slots: Self::Slots, missing: Missing) -> Result<Self, E>;
}

/// Storage for fields read one by one, addressed by the field's index: `Option<T>` holds one
/// field, a tuple of `FieldSlots` holds its members' fields one after the other. With it,
/// a generated struct names its slots' types instead of writing out how to empty and fill
/// them (the code rustc would check once per struct lives here, once).
pub trait FieldSlots<'de>: Sized {
    /// How many fields it holds.
    const WIDTH: usize;

    /// Every slot empty.
    fn empty() -> Self;

    /// Reads field `index` (counted within these slots) from `slot`; an index past the end
    /// is ignored.
    fn fill<S: FieldSlot<'de>>(&mut self, index: usize, slot: S) -> Result<(), S::Error>;
}

impl<'de, T: Deserialize<'de>> FieldSlots<'de> for Option<T> {
    const WIDTH: usize = 1;

    fn empty() -> Self {
        None
    }

    fn fill<S: FieldSlot<'de>>(&mut self, _index: usize, slot: S) -> Result<(), S::Error> {
        slot.put(self)
    }
}

/// `FieldSlots` for tuples of up to 16 members (a generated struct with more fields nests
/// tuples): field `index` belongs to the first member whose fields reach
/// past it.
macro_rules! tuple_slots {
    ($($member:ident $position:tt),+) => {
        impl<'de, $($member: FieldSlots<'de>),+> FieldSlots<'de> for ($($member,)+) {
            const WIDTH: usize = 0 $(+ $member::WIDTH)+;

            fn empty() -> Self {
                ($($member::empty(),)+)
            }

            #[allow(unused_assignments)] // the last member's `start` is not read again
            fn fill<S: FieldSlot<'de>>(&mut self, index: usize, slot: S) -> Result<(), S::Error> {
                let mut start = 0;
                $(
                    if index < start + $member::WIDTH {
                        return self.$position.fill(index - start, slot);
                    }
                    start += $member::WIDTH;
                )+
                Ok(())
            }
        }
    };
}

tuple_slots!(A 0);
tuple_slots!(A 0, B 1);
tuple_slots!(A 0, B 1, C 2);
tuple_slots!(A 0, B 1, C 2, D 3);
tuple_slots!(A 0, B 1, C 2, D 3, E 4);
tuple_slots!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_slots!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_slots!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
tuple_slots!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
tuple_slots!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
tuple_slots!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
tuple_slots!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);
tuple_slots!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12);
tuple_slots!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13);
tuple_slots!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14);
tuple_slots!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14, P 15);

/// Where one field's value comes from: the next map value or array element.
pub trait FieldSlot<'de> {
    /// The deserializer's error.
    type Error: de::Error;

    /// Reads the value into `slot`.
    fn put<T: Deserialize<'de>>(self, slot: &mut Option<T>) -> Result<(), Self::Error>;
}

/// Decodes `T` as serde's derive would: a map (object) or a sequence (array).
pub fn decode_struct<'de, T: DecodeStruct<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, StructVisitor(PhantomData))
}

/// What a field left empty means once the input ended: see [`Missing::take`].
#[derive(Clone, Copy, Debug)]
pub struct Missing {
    name: &'static str,
    fields: &'static [&'static str],
    /// Read from an array: a missing element is an `invalid length` error.
    in_seq: bool,
}

impl Missing {
    /// The value of the required field `index`: its slot's, or, when the input left it out,
    /// serde's `missing field` (which an `Option` field turns into `None`) for a map and
    /// `invalid length` for an array.
    pub fn take<'de, T: Deserialize<'de>, E: de::Error>(
        self,
        slot: Option<T>,
        index: usize,
    ) -> Result<T, E> {
        match slot {
            Some(value) => Ok(value),
            None if self.in_seq => Err(E::invalid_length(index, &self)),
            None => {
                let field = self.fields.get(index).copied().unwrap_or_default();
                T::deserialize(MissingField(field, PhantomData))
            }
        }
    }
}

/// `invalid length`'s expectation, in the derive's words.
impl de::Expected for Missing {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let count = self.fields.len();
        let noun = if count == 1 { "element" } else { "elements" };
        write!(f, "struct {} with {count} {noun}", self.name)
    }
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: DecodeStruct<'de>> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let mut slots = T::Slots::empty();
        let mut ended = false;
        for index in 0..T::FIELDS.len() {
            let slot = SeqSlot {
                seq: &mut seq,
                ended: &mut ended,
            };
            slots.fill(index, slot)?;
            if ended {
                break;
            }
        }
        T::finish(slots, missing::<T>(true))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut slots = T::Slots::empty();
        while let Some(key) = map.next_key_seed(Key(T::FIELDS))? {
            match key {
                Some(index) => {
                    let name = T::FIELDS.get(index).copied().unwrap_or_default();
                    slots.fill(
                        index,
                        MapSlot {
                            map: &mut map,
                            name,
                        },
                    )?;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        T::finish(slots, missing::<T>(false))
    }
}

fn missing<'de, T: DecodeStruct<'de>>(in_seq: bool) -> Missing {
    Missing {
        name: T::NAME,
        fields: T::FIELDS,
        in_seq,
    }
}

/// The next map value; a field seen twice is an error, as with the derive.
struct MapSlot<'a, A> {
    map: &'a mut A,
    name: &'static str,
}

impl<'de, A: MapAccess<'de>> FieldSlot<'de> for MapSlot<'_, A> {
    type Error = A::Error;

    fn put<T: Deserialize<'de>>(self, slot: &mut Option<T>) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(A::Error::duplicate_field(self.name));
        }
        *slot = Some(self.map.next_value()?);
        Ok(())
    }
}

/// The next array element; the array's end leaves the slot empty and sets `ended`.
struct SeqSlot<'a, A> {
    seq: &'a mut A,
    ended: &'a mut bool,
}

impl<'de, A: SeqAccess<'de>> FieldSlot<'de> for SeqSlot<'_, A> {
    type Error = A::Error;

    fn put<T: Deserialize<'de>>(self, slot: &mut Option<T>) -> Result<(), A::Error> {
        match self.seq.next_element()? {
            Some(value) => *slot = Some(value),
            None => *self.ended = true,
        }
        Ok(())
    }
}

/// A key: the index of the field it names, or `None` for a field to ignore.
struct Key(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Key {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<Option<usize>, E> {
        Ok(usize::try_from(index).ok().filter(|&i| i < self.0.len()))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| *name == key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == key))
    }
}

/// What serde's derive hands a missing field: `None` to an `Option`, `missing field` to
/// anything else.
struct MissingField<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for MissingField<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

/// `Deserialize` for a generated struct that implements [`DecodeStruct`]: one line in the
/// generated file instead of the same seven for every struct (a blanket impl over
/// `DecodeStruct` is not allowed: `Deserialize` is serde's trait).
#[macro_export]
#[doc(hidden)]
macro_rules! impl_deserialize_by_table {
    ($name:ident) => {
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::codegen::decode_struct(deserializer)
            }
        }
    };
}
