import Testing
@testable import Dataflow

/// Route patterns in every syntax the catalog reads, and which parts reach a handler as text.
@Suite("URL patterns")
struct URLPatternTests {
    func names(_ pattern: String, colon: Bool = false) -> [String] { URLPattern.parts(pattern, colonWildcards: colon).map(\.name) }

    @Test func eachSyntaxNamesItsParts() {
        #expect(names("/user/<int:id>/<path:rest>") == ["id", "rest"])
        #expect(names("/user/<id:int>/<slug:re:[a-z-]+>") == ["id", "slug"])
        #expect(names("/items/{item_id}/{file_path:path}") == ["item_id", "file_path"])
        #expect(names("/years/{year:\\d{4}}/{name}") == ["year", "name"])
        #expect(names("/static/<path:path>") == ["path"])
        #expect(names("/hello/:name/:id#[0-9]+#", colon: true) == ["name", "id"])
        #expect(names("/hello/:name") == [])
        #expect(names("/plain/path") == [])
    }

    @Test func convertersAndDigitRegexesAreNotText() {
        let falcon = URLPatternSyntax(nonTextConverters: ["int", "float", "uuid", "dt"])
        let bottle = URLPatternSyntax(nonTextConverters: ["int", "float"], colonWildcards: true)
        let text = { (pattern: String, syntax: URLPatternSyntax) in
            URLPattern.parts(pattern, colonWildcards: syntax.colonWildcards).map { URLPattern.isText($0, syntax) }
        }
        #expect(text("/a/{id:int}/{n:int(min=1)}/{u:uuid}/{when:dt(\"%Y\")}/{name}/{p:path}", falcon) == [false, false, false, false, true, true])
        #expect(text("/a/<id:int>/<x:float>/<p:path>/<d:re:[0-9]+>/<w:re:[a-z]+>/<s>", bottle) == [false, false, true, false, true, true])
        #expect(text("/a/:id#\\d+#/:name", bottle) == [false, true])
        #expect(text("/a/{id:\\d+}/{year:^[0-9]{4}$}/{slug:[a-z0-9-]+}", URLPatternSyntax(nonTextConverters: [])) == [false, false, true])
    }

    @Test func patternsAreRewrittenAndFilledIn() {
        #expect(URLPattern.normalized(colonWildcards: "/hello/:name/:id#[0-9]+#") == "/hello/<name>/<id:re:[0-9]+>")
        #expect(URLPattern.substituting("/items/{id:int}/<name>") { $0.name.uppercased() } == "/items/ID/NAME")
    }

    @Test func respondersAreNamedByConvention() {
        let falcon = Falcon.responders
        #expect(falcon.responder("on_get")?.suffix == "")
        #expect(falcon.responder("on_get_item")?.suffix == "item")
        #expect(falcon.responder("on_post_item")?.method == "on_post")
        #expect(falcon.responder("on_gets") == nil)
        #expect(falcon.responder("get") == nil)
        #expect(falcon.httpMethod("on_delete_item") == "DELETE")
        #expect(Falcon.middleware.httpMethod("process_request") == nil)
        #expect(Falcon.middleware.responder("process_request_item") == nil)
    }
}
