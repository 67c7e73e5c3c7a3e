//! Every fixture's generated client, compiled with warnings denied.
#![deny(warnings)]

macro_rules! fixture {
    ($name:ident) => {
        pub mod $name {
            include!(concat!(env!("OUT_DIR"), "/", stringify!($name), ".rs"));
        }
    };
}

fixture!(docs);
fixture!(enums);
fixture!(maps);
fixture!(naming);
fixture!(no_body);
fixture!(objects);
fixture!(parameters);
fixture!(primitives);
fixture!(signed);
