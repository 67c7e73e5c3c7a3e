//! The spec of a long chain (or ring) of nested types, shared by the depth tests.

/// A spec whose one operation sends and returns `Chain0`, which holds a list of `Chain1`, …
/// `Chain{n-1}`; the last one points back to `Chain0` when `ring`.
pub fn chain(n: usize, ring: bool) -> String {
    let mut schemas = String::new();
    for i in 0..n {
        let next = match (i + 1 < n, ring) {
            (true, _) => format!(
                "{{type: array, items: {{$ref: '#/components/schemas/Chain{}'}}}}",
                i + 1
            ),
            (false, true) => {
                "{type: array, items: {$ref: '#/components/schemas/Chain0'}}".to_owned()
            }
            (false, false) => "{type: string}".to_owned(),
        };
        schemas.push_str(&format!(
            "    Chain{i}: {{type: object, properties: {{next: {next}}}}}\n"
        ));
    }
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /deep:\n    post:\n      operationId: deep\n      requestBody: {{content: {{application/json: {{schema: {{$ref: '#/components/schemas/Chain0'}}}}}}}}\n      responses:\n        '200':\n          description: ok\n          content: {{application/json: {{schema: {{$ref: '#/components/schemas/Chain0'}}}}}}\ncomponents:\n  schemas:\n{schemas}"
    )
}
