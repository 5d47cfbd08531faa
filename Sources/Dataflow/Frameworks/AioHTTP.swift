/// aiohttp's server (`aiohttp.web`): a handler is `async def handler(request)`, registered with
/// `app.router.add_get("/x/{name}", handler)`, `app.add_routes([web.get(...)])` or a
/// `web.RouteTableDef()` decorator (`@routes.get("/x/{name}")`); its one parameter is the
/// request. Class views (`web.View` subclasses) read `self.request`.
public enum AioHTTP {
    static let verbs: [String: String] = ["get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE", "head": "HEAD"]

    public static let model = FrameworkModel(
        framework: .aiohttp, packages: ["aiohttp"],
        requestClasses: ["aiohttp.web.Request", "aiohttp.web.BaseRequest", "aiohttp.web_request.Request", "aiohttp.web_request.BaseRequest"],
        handlerBases: ["aiohttp.web.View", "aiohttp.web_urldispatcher.View"],
        attributes: [
            RequestField("query", .query), RequestField("match_info", .path), RequestField("headers", .header),
            RequestField("cookies", .cookie), RequestField("path", .query), RequestField("path_qs", .query), RequestField("raw_path", .query),
            RequestField("url", .query), RequestField("rel_url", .query), RequestField("query_string", .query), RequestField("content", .body),
        ],
        // `await request.post()` is the form, `await request.json()` the parsed document.
        methods: [RequestField("post", .form), RequestField("json", .json, structured: true), RequestField("text", .body), RequestField("read", .body)],
        routeOwners: ["aiohttp.web.RouteTableDef", "aiohttp.web_routedef.RouteTableDef"],
        routeVerbs: Set(verbs.keys).union(["route", "view"]),
        handlerRequestAttribute: "request",
        requestIsFirstParameter: true,
        routeRegistrations: verbs.map { RouteRegistration(.method("add_" + $0.key), path: 0, handler: 1, method: $0.value) }
            + verbs.map { RouteRegistration(.function("aiohttp.web." + $0.key), path: 0, handler: 1, method: $0.value) }
            + [
                RouteRegistration(.method("add_route"), path: 1, handler: 2, methodArgument: 0),
                RouteRegistration(.function("aiohttp.web.route"), path: 1, handler: 2, methodArgument: 0),
                RouteRegistration(.method("add_view"), path: 0, handler: 1),
                RouteRegistration(.function("aiohttp.web.view"), path: 0, handler: 1),
            ])
}
