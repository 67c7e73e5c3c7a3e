//! Arbitrary bytes, read as JSON and as YAML: the generator returns code or a spec error,
//! never an internal error (code that does not parse) and never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for json in [true, false] {
        match specforge::render_str(&text, json, "fuzz.yaml") {
            Ok(_) | Err(specforge::Error::Spec(_)) => {}
            Err(specforge::Error::Internal(message)) => {
                panic!("internal error (json: {json}): {message}")
            }
            Err(other) => panic!("unexpected error (json: {json}): {other}"),
        }
    }
});
