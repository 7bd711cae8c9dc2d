//! `Serialize`/`Deserialize` for generated structs: the `object_serde!` macro and the reader and
//! writer that do its per-field work, so each struct costs the compiler little.

/// `Serialize` and `Deserialize` for a generated struct: a JSON object whose named fields are
/// read and written under their wire names, every other key kept in the `extra` map, in order.
/// Each field is listed as `kind index ident = "wire"`. Kinds: `required` (`T`; absent is an
/// error), `required_nullable` (`Option<T>`: `null`), `optional` (`Option<T>`: absent is `None`
/// and not written; `null` reads as absent, as serde's `Option` does) and `optional_nullable`
/// (`Option<Option<T>>`: absent `None`, `null` `Some(None)`). The `required` fields are listed
/// again after the others, as `index ident`, for the final check that each was present.
/// The per-field work lives in [`ObjectReader`] and [`ObjectWriter`]: each field costs the
/// generated code one call and no early return, which keeps what the compiler checks per struct
/// small (on documents with thousands of schemas these impls are most of the crate).
// Generic parameters have `__` names: a schema type may be called `A` or `D`, and macro hygiene
// does not cover type names. Paths are `crate::runtime::...`, not `$crate::...`: the expansion
// names the runtime as the calling crate sees it, which is the same path whether the runtime is
// this crate (re-exported as `runtime`) or a vendored module. Exported (hidden, under a name no
// schema can take) so that APIs without structs may leave it unused; `lib.rs` re-exports it as
// `object_serde`.
#[doc(hidden)]
#[macro_export]
// `crate`, not `$crate`, on purpose: see the module's documentation.
#[allow(clippy::crate_in_macro_def)]
macro_rules! __switchboard_object_serde {
    ($name:ident, $expecting:literal, $extra:ident { $( $kind:ident $index:literal $field:ident = $wire:literal, )* } required { $( $rindex:literal $required:ident, )* }) => {
        impl ::serde::Serialize for $name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                crate::runtime::ObjectWriter::new(serializer)?
                    $( .$kind($wire, &self.$field) )*
                    .end(&self.$extra)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                crate::runtime::read_object(deserializer)
            }
        }
        impl crate::runtime::ReadObject for $name {
            const EXPECTING: &'static str = $expecting;
            fn read<'de, __A: ::serde::de::MapAccess<'de>>(mut map: __A) -> ::std::result::Result<Self, __A::Error> {
                const KEYS: &[&str] = &[$( $wire ),*];
                $( let mut $field = ::std::option::Option::None; )*
                let mut reader = crate::runtime::ObjectReader::new(KEYS);
                while let ::std::option::Option::Some(index) = reader.next_key(&mut map)? {
                    match index {
                        $( $index => reader.$kind(&mut map, &mut $field), )*
                        _ => reader.extra(&mut map),
                    }
                }
                let absent = [$( $required.is_none() ),*];
                match ($( $required, )*) {
                    ($( ::std::option::Option::Some($required), )*) => ::std::result::Result::Ok($name {
                        $( $field, )*
                        $extra: reader.into_extra(),
                    }),
                    // Unreachable when no field is required.
                    #[allow(unreachable_patterns)]
                    _ => ::std::result::Result::Err(reader.missing(&absent, &[$( $rindex ),*])),
                }
            }
        }
    };
}

/// A generated struct read from the entries of a JSON object (see `object_serde!`).
pub trait ReadObject: Sized {
    /// What the input should have been, for error messages.
    const EXPECTING: &'static str;
    /// Reads the struct from the entries of a JSON object.
    fn read<'de, A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Deserializes any [`ReadObject`]: one visitor for all generated structs.
pub fn read_object<'de, T: ReadObject, D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: ReadObject> serde::de::Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::read(map)
        }
    }
    deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

/// Writes a generated struct as a JSON object, field by field, in one chain of calls; the first
/// error is kept and returned by [`ObjectWriter::end`], so the generated code has no exit per field.
pub struct ObjectWriter<M: serde::ser::SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: serde::ser::SerializeMap> ObjectWriter<M> {
    /// Starts writing a struct to `serializer`.
    pub fn new<S: serde::Serializer<SerializeMap = M, Error = M::Error>>(serializer: S) -> Result<Self, M::Error> {
        Ok(Self { map: serializer.serialize_map(None)?, error: None })
    }

    fn entry<T: serde::Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if self.error.is_none() {
            if let Err(e) = self.map.serialize_entry(key, value) {
                self.error = Some(e);
            }
        }
    }

    /// A field that is always written.
    pub fn required<T: serde::Serialize>(mut self, key: &str, value: &T) -> Self {
        self.entry(key, value);
        self
    }

    /// A field that may be `null`: always written.
    pub fn required_nullable<T: serde::Serialize>(mut self, key: &str, value: &Option<T>) -> Self {
        self.entry(key, value);
        self
    }

    /// A field written only when present.
    pub fn optional<T: serde::Serialize>(mut self, key: &str, value: &Option<T>) -> Self {
        if let Some(value) = value {
            self.entry(key, value);
        }
        self
    }

    /// A field written only when present, possibly as `null`.
    pub fn optional_nullable<T: serde::Serialize>(mut self, key: &str, value: &Option<Option<T>>) -> Self {
        if let Some(value) = value {
            self.entry(key, value);
        }
        self
    }

    /// Writes the keys the schema does not name and closes the object.
    pub fn end<V: serde::Serialize>(
        mut self,
        extra: &std::collections::BTreeMap<String, V>,
    ) -> Result<M::Ok, M::Error> {
        for (key, value) in extra {
            self.entry(key, value);
        }
        match self.error {
            Some(e) => Err(e),
            None => self.map.end(),
        }
    }
}

/// Reads a generated struct from a JSON object: finds each key's field (keys usually come in
/// the schema's order, so the one after the last match is tried first), keeps unknown keys in
/// order, and holds the first error until the next key is asked for, so that the generated
/// code has one exit instead of one per field.
pub struct ObjectReader<E, V> {
    keys: &'static [&'static str],
    next: usize,
    pending: Option<String>,
    extra: std::collections::BTreeMap<String, V>,
    error: Option<E>,
}

impl<E: serde::de::Error, V> ObjectReader<E, V> {
    /// A reader for a struct whose fields have the wire names `keys`, in schema order.
    pub fn new(keys: &'static [&'static str]) -> Self {
        Self { keys, next: 0, pending: None, extra: std::collections::BTreeMap::new(), error: None }
    }

    fn index(&mut self, key: &str) -> Option<usize> {
        let index = match self.keys.get(self.next) {
            Some(expected) if *expected == key => self.next,
            _ => self.keys.iter().position(|k| *k == key)?,
        };
        self.next = index + 1;
        Some(index)
    }

    /// The next key's field index (`usize::MAX` for a key the schema does not name), or `None`
    /// at the end of the object.
    pub fn next_key<'de, A: serde::de::MapAccess<'de, Error = E>>(&mut self, map: &mut A) -> Result<Option<usize>, E> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let Some(key) = map.next_key::<Key<'de>>()? else {
            return Ok(None);
        };
        Ok(Some(match self.index(key.as_str()) {
            Some(index) => index,
            None => {
                self.pending = Some(key.into_string());
                usize::MAX
            }
        }))
    }

    fn keep<T>(&mut self, value: Result<T, E>, slot: impl FnOnce(T)) {
        match value {
            Ok(value) => slot(value),
            Err(e) => self.error = Some(e),
        }
    }

    /// A field that must be present.
    pub fn required<'de, A: serde::de::MapAccess<'de, Error = E>, T: serde::Deserialize<'de>>(
        &mut self,
        map: &mut A,
        slot: &mut Option<T>,
    ) {
        self.keep(map.next_value::<T>(), |v| *slot = Some(v));
    }

    /// A field that may be `null`.
    pub fn required_nullable<'de, A: serde::de::MapAccess<'de, Error = E>, T: serde::Deserialize<'de>>(
        &mut self,
        map: &mut A,
        slot: &mut Option<T>,
    ) {
        self.keep(map.next_value::<Option<T>>(), |v| *slot = v);
    }

    /// A field that may be absent (`null` reads as absent).
    pub fn optional<'de, A: serde::de::MapAccess<'de, Error = E>, T: serde::Deserialize<'de>>(
        &mut self,
        map: &mut A,
        slot: &mut Option<T>,
    ) {
        self.keep(map.next_value::<Option<T>>(), |v| *slot = v);
    }

    /// A field that may be absent or `null`, the two kept apart.
    pub fn optional_nullable<'de, A: serde::de::MapAccess<'de, Error = E>, T: serde::Deserialize<'de>>(
        &mut self,
        map: &mut A,
        slot: &mut Option<Option<T>>,
    ) {
        self.keep(map.next_value::<Option<T>>(), |v| *slot = Some(v));
    }

    /// The value of a key the schema does not name.
    pub fn extra<'de, A: serde::de::MapAccess<'de, Error = E>>(&mut self, map: &mut A)
    where
        V: serde::Deserialize<'de>,
    {
        match map.next_value::<V>() {
            Ok(value) => {
                let key = self.pending.take().unwrap_or_default();
                self.extra.insert(key, value);
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// The keys the schema does not name, with their values.
    pub fn into_extra(self) -> std::collections::BTreeMap<String, V> {
        self.extra
    }

    /// The error for a required field that was absent: `absent[i]` tells whether the field at
    /// `indexes[i]` is.
    pub fn missing(&self, absent: &[bool], indexes: &[usize]) -> E {
        let name = absent
            .iter()
            .position(|a| *a)
            .and_then(|i| indexes.get(i))
            .and_then(|i| self.keys.get(*i))
            .copied()
            .unwrap_or("?");
        E::missing_field(name)
    }
}

/// An object key as the generated `Deserialize` impls read it: borrowed from the input when it
/// can be (no escapes), so matching a key against the field names allocates nothing.
pub struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> Key<'de> {
    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string.
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}
