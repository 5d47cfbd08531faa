/// Pyramid (on WebOb): the `request` parameter of a view in a module that imports Pyramid
/// (`def view(request)`, `def view(context, request)`, a view class's
/// `__init__(self, request)` kept as `self.request`). Views are registered with
/// `@view_config(route_name=...)` or `config.add_view(...)`; `config.add_route("item",
/// "/items/{id}")` names the URL parts, read from `request.matchdict`.
public enum Pyramid {
    public static let model = FrameworkModel(
        framework: .pyramid, packages: ["pyramid"],
        requestClasses: ["pyramid.request.Request", "webob.Request", "webob.request.Request", "webob.request.BaseRequest"],
        requestParameter: "request",
        attributes: [
            RequestField("params", .query), RequestField("GET", .query), RequestField("POST", .form),
            RequestField("json_body", .json, structured: true), RequestField("json", .json, structured: true),
            RequestField("body", .body), RequestField("text", .body), RequestField("body_file", .body),
            RequestField("matchdict", .path), RequestField("subpath", .path), RequestField("cookies", .cookie),
            RequestField("headers", .header), RequestField("environ", .header, cgiHeaderKeys: true),
            RequestField("referer", .header), RequestField("referrer", .header), RequestField("user_agent", .header),
            RequestField("authorization", .header), RequestField("content_type", .header),
            RequestField("path", .query), RequestField("path_qs", .query), RequestField("path_info", .query),
            RequestField("url", .query), RequestField("path_url", .query), RequestField("query_string", .query),
        ],
        convertedURLPartReads: true,
        requestParameterAfter: ["context"])
}
