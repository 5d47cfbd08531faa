import Testing
@testable import Dataflow

@Suite("Route patterns: the URL parts each framework's path syntax names")
struct RoutePatternTests {
    func names(_ path: String) -> [String] { RoutePattern.parameters(in: path).map(\.name) }

    @Test func werkzeugPutsTheConverterFirstSanicTheName() {
        #expect(names("/user/<int:uid>/<path:rest>/<name>") == ["uid", "rest", "name"])
        #expect(names("/t/<string(length=2):code>") == ["code"])
        #expect(RoutePattern.parameters(in: "/item/<item_id:int>/<day:ymd>") == [
            .init(name: "item_id", converter: "int"), .init(name: "day", converter: "ymd"),
        ])
        #expect(names("/files/<file:path>") == ["file"])
        // Django's path() converters come first as Werkzeug's do; Sanic's types come last.
        #expect(RoutePattern.parameters(in: "attachments/<str:name>/<slug:slug>/<uuid:key>") == [
            .init(name: "name", converter: "str"), .init(name: "slug", converter: "slug"), .init(name: "key", converter: "uuid"),
        ])
        #expect(RoutePattern.parameters(in: "/tag/<tag:str>/<page:int>") == [
            .init(name: "tag", converter: "str"), .init(name: "page", converter: "int"),
        ])
    }

    @Test func bracesPutTheNameFirst() {
        #expect(RoutePattern.parameters(in: "/items/{item_id:int}/{slug}") == [
            .init(name: "item_id", converter: "int"), .init(name: "slug", converter: nil),
        ])
        // aiohttp's regular expressions may hold braces of their own.
        #expect(RoutePattern.parameters(in: "/y/{year:\\d{4}}/{rest}") == [
            .init(name: "year", converter: "\\d{4}"), .init(name: "rest", converter: nil),
        ])
    }

    @Test func concretePathsFillEachPlaceholder() {
        #expect(RoutePattern.concrete("/y/{year:\\d{4}}/<name:str>/<int:id>", ["name": "x"]) == "/y/1/x/1")
    }

    @Test func tornadoGroupsBecomeNamedPlaceholders() {
        #expect(RoutePattern.fromRegex("/posts/([^/]+)/comments/(\\d+)", names: ["slug", "comment_id"]) == "/posts/{slug:[^/]+}/comments/{comment_id:\\d+}")
        #expect(RoutePattern.fromRegex("^/user/(?P<name>\\w+)/?$", names: []) == "/user/{name:\\w+}")
        #expect(RoutePattern.fromRegex("/static/(.*)", names: []) == "/static/{arg1:.*}")
        #expect(RoutePattern.fromRegex("/a\\.json", names: []) == "/a.json")
        #expect(RoutePattern.fromRegex("/(?:v1/)?items", names: []) == "/items")
        #expect(RoutePattern.fromRegex("/(?:v1/)items", names: []) == "/v1/items")
        #expect(RoutePattern.fromRegex(".*", names: []) == nil)
    }

    @Test func bottleFalconAndPyramidSyntaxesNameTheirParts() {
        #expect(names("/user/<id:int>/<slug:re:[a-z-]+>") == ["id", "slug"])
        #expect(names("/items/{item_id}/{file_path:path}") == ["item_id", "file_path"])
        #expect(names("/static/<path:path>") == ["path"])
        #expect(names(RoutePattern.fromColonWildcards("/hello/:name/:id#[0-9]+#")) == ["name", "id"])
        #expect(names("/hello/:name") == [])
        #expect(names("/plain/path") == [])
    }

    @Test func convertersAndDigitRegexesAreNotText() {
        let text = { (path: String, converters: Set<String>) in
            RoutePattern.parameters(in: path).map { RoutePattern.isText($0, nonTextConverters: converters) }
        }
        let falcon = FrameworkCatalog.model(.falcon).nonTextConverters
        let bottle = FrameworkCatalog.model(.bottle).nonTextConverters
        #expect(text("/a/{id:int}/{n:int(min=1)}/{u:uuid}/{when:dt(\"%Y\")}/{name}/{p:path}", falcon) == [false, false, false, false, true, true])
        #expect(text("/a/<id:int>/<x:float>/<p:path>/<d:re:[0-9]+>/<w:re:[a-z]+>/<s>", bottle) == [false, false, true, false, true, true])
        #expect(text(RoutePattern.fromColonWildcards("/a/:id#\\d+#/:name"), bottle) == [false, true])
        #expect(text("/a/{id:\\d+}/{year:^[0-9]{4}$}/{slug:[a-z0-9-]+}", []) == [false, false, true])
        #expect(text("/item/<item_id:int>/<day:ymd>/<name:alpha>", FrameworkCatalog.model(.sanic).nonTextConverters) == [false, false, true])
    }

    @Test func bottleLegacyWildcardsAreRewritten() {
        #expect(RoutePattern.fromColonWildcards("/hello/:name/:id#[0-9]+#") == "/hello/<name>/<id:re:[0-9]+>")
        #expect(RoutePattern.fromColonWildcards("/a/b") == "/a/b")
        #expect(RoutePattern.fromColonWildcards("/raw/<p:path>/:name") == "/raw/<p:path>/<name>")
        #expect(RoutePattern.concrete("/items/{id:int}/<name>", ["id": "ID", "name": "NAME"]) == "/items/ID/NAME")
    }

    @Test func falconRespondersAreNamedByConvention() {
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

    @Test func digitOnlyGroups() {
        for regex in ["\\d+", "[0-9]+", "-?\\d+", "\\d{1,6}", "[0-9]*", "^[0-9]{4}$"] { #expect(RoutePattern.matchesOnlyDigits(regex), "\(regex)") }
        for regex in ["[^/]+", "\\w+", ".*", "\\d+\\w", "", "[0-9a-f]+"] { #expect(!RoutePattern.matchesOnlyDigits(regex), "\(regex)") }
    }

    @Test func catalogModelsOfTheAsyncFrameworks() {
        let tornado = FrameworkCatalog.model(.tornado)
        #expect(tornado.handlerRequestAttribute == "request")
        #expect(tornado.handlerMethods["get_argument"]?.namedByFirstArgument == true)
        #expect(tornado.handlerMethods["get_signed_cookie"] == nil && tornado.handlerMethods["get_secure_cookie"] == nil)
        #expect(FrameworkCatalog.handlerBases["tornado.web.RequestHandler"] == .tornado)
        #expect(FrameworkCatalog.handlerBases["aiohttp.web.View"] == .aiohttp)
        #expect(FrameworkCatalog.requestClasses["aiohttp.web.Request"] == .aiohttp)
        #expect(FrameworkCatalog.routeOwners["sanic.Sanic"] == .sanic && FrameworkCatalog.routeOwners["aiohttp.web.RouteTableDef"] == .aiohttp)
        #expect(FrameworkCatalog.model(.sanic).requestIsFirstParameter && FrameworkCatalog.model(.aiohttp).requestIsFirstParameter)
        #expect(FrameworkCatalog.model(.sanic).nonTextConverters.isSuperset(of: ["int", "float", "uuid"]))
        #expect(FrameworkCatalog.field(.tornado, "path_args")?.input == .path)
        #expect(FrameworkCatalog.field(.aiohttp, "json")?.isStructured == true)
        let add = FrameworkCatalog.model(.aiohttp).routeRegistrations.first { $0.form == .method("add_route") }
        #expect(add?.methodArgument == 0 && add?.path == 1 && add?.handler == 2)
    }
}
