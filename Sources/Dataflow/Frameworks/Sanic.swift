/// Sanic: `@app.get("/users/<name>")` on a `Sanic` app or a `Blueprint`; a handler is
/// `async def handler(request, name)`: the first parameter is the request, the others the URL
/// parts the route names (`<id:int>`-style converters turn some into numbers, not text).
public enum Sanic {
    public static let model = FrameworkModel(
        framework: .sanic, packages: ["sanic"],
        requestClasses: ["sanic.Request", "sanic.request.Request", "sanic.request.types.Request"],
        attributes: [
            RequestField("args", .query), RequestField("query_args", .query), RequestField("form", .form),
            RequestField("json", .json, structured: true), RequestField("body", .body), RequestField("files", .file),
            RequestField("cookies", .cookie), RequestField("headers", .header), RequestField("query_string", .query),
            RequestField("path", .query), RequestField("url", .query), RequestField("raw_url", .query), RequestField("match_info", .path),
        ],
        // The parsers behind the properties (`args = property(get_args)`), for other options.
        methods: [
            RequestField("get_args", .query, label: "args"), RequestField("get_query_args", .query, label: "query_args"),
            RequestField("get_form", .form, label: "form"), RequestField("load_json", .json, structured: true, label: "json"),
            RequestField("get_cookies", .cookie, label: "cookies"),
        ],
        routeOwners: ["sanic.Sanic", "sanic.app.Sanic", "sanic.Blueprint", "sanic.blueprints.Blueprint"],
        routeVerbs: ["route", "get", "post", "put", "patch", "delete", "head", "options", "websocket"],
        requestIsFirstParameter: true,
        // sanic-routing's typed parameters that are cast before the handler runs (`ymd` to a
        // date, `uuid` to a UUID; `number` is the deprecated name of `float`). `alpha`, `slug`,
        // `ext`, `path` and regular expressions stay strings.
        nonTextConverters: ["int", "float", "number", "uuid", "ymd"],
        routeRegistrations: [RouteRegistration(.method("add_route"), path: 1, handler: 0, methodsKeyword: "methods")])
}
