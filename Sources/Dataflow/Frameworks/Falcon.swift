/// Falcon (3.x, 4.x; WSGI `falcon.App`, ASGI `falcon.asgi.App`, the old `falcon.API`): a
/// resource class's responders `on_get(self, req, resp, **params)` (and suffixed ones,
/// `on_get_item`, for `add_route(..., suffix="item")`) take the request second and the URL
/// template fields (`/items/{name}`) as extra parameters; middleware's `process_request(self,
/// req, resp)` takes it too. `req.media` and `await req.get_media()` are the parsed body.
public enum Falcon {
    /// The responders Falcon routes HTTP methods to.
    public static let responders = ResponderConvention(
        methods: ["on_get", "on_head", "on_post", "on_put", "on_patch", "on_delete", "on_options"], verbPrefix: "on_",
        allowsSuffix: true, requestPosition: 1, responsePosition: 2, firstURLPosition: 3)
    /// Middleware components' request hooks (`process_resource` gets the URL fields as a dict).
    public static let middleware = ResponderConvention(
        methods: ["process_request", "process_resource", "process_response"], requestPosition: 1, responsePosition: 2)

    public static let model = FrameworkModel(
        framework: .falcon, packages: ["falcon"],
        requestClasses: ["falcon.Request", "falcon.request.Request", "falcon.asgi.Request", "falcon.asgi.request.Request"],
        attributes: [
            RequestField("params", .query), RequestField("query_string", .query), RequestField("uri", .query), RequestField("url", .query),
            RequestField("relative_uri", .query), RequestField("forwarded_uri", .query), RequestField("path", .query),
            RequestField("headers", .header), RequestField("headers_lower", .header), RequestField("content_type", .header),
            RequestField("user_agent", .header), RequestField("referer", .header), RequestField("auth", .header),
            RequestField("forwarded_host", .header), RequestField("cookies", .cookie),
            RequestField("media", .json, structured: true), RequestField("bounded_stream", .body), RequestField("stream", .body),
        ],
        methods: [
            // `get_param_as_int`/`_as_float`/`_as_bool`/`_as_uuid`/`_as_datetime` convert: not text.
            RequestField("get_param", .query, label: "params", namedByFirstArgument: true),
            RequestField("get_param_as_list", .query, label: "params", namedByFirstArgument: true),
            RequestField("get_param_as_json", .query, structured: true, label: "params", namedByFirstArgument: true),
            RequestField("get_header", .header, label: "headers", namedByFirstArgument: true),
            RequestField("get_cookie_values", .cookie, label: "cookies", namedByFirstArgument: true),
            RequestField("get_media", .json, structured: true, label: "media"),
        ],
        routeOwners: ["falcon.App", "falcon.app.App", "falcon.API", "falcon.app.API", "falcon.asgi.App", "falcon.asgi.app.App"],
        nonTextConverters: ["int", "float", "uuid", "dt"],
        // `app.add_route("/items/{id}", ItemResource(), suffix="item")`: the resource's responders.
        routeRegistrations: [RouteRegistration(.method("add_route"), path: 0, pathKeyword: "uri_template", handler: 1, handlerKeyword: "resource",
                                               suffixKeyword: "suffix")],
        convertedURLPartReads: true,
        responders: [responders, middleware])
}
