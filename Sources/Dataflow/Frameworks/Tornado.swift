/// Tornado: in a method of a `tornado.web.RequestHandler` subclass, `self` is the handler and
/// `self.request` the `HTTPServerRequest`. The handler reads arguments itself
/// (`self.get_argument("q")`), and `get(self, slug)`/`post`/... receive the route's capture
/// groups (`Application([(r"/posts/([^/]+)", PostHandler)])`) as parameters.
public enum Tornado {
    public static let model = FrameworkModel(
        framework: .tornado, packages: ["tornado"],
        handlerBases: ["tornado.web.RequestHandler", "tornado.websocket.WebSocketHandler"],
        // `self.request`: the `HTTPServerRequest`.
        attributes: [
            RequestField("body", .body), RequestField("arguments", .query), RequestField("query_arguments", .query),
            RequestField("body_arguments", .form), RequestField("files", .file), RequestField("headers", .header),
            RequestField("cookies", .cookie), RequestField("uri", .query), RequestField("path", .query), RequestField("query", .query),
        ],
        handlerRequestAttribute: "request",
        handlerAttributes: [RequestField("path_args", .path), RequestField("path_kwargs", .path)],
        // `get_signed_cookie`/`get_secure_cookie` are not here: their value is signed with the
        // app's `cookie_secret`, so the client cannot choose it (only replay one the app set).
        handlerMethods: [
            RequestField("get_argument", .query, namedByFirstArgument: true), RequestField("get_arguments", .query, namedByFirstArgument: true),
            RequestField("get_query_argument", .query, namedByFirstArgument: true),
            RequestField("get_query_arguments", .query, namedByFirstArgument: true),
            RequestField("get_body_argument", .form, namedByFirstArgument: true),
            RequestField("get_body_arguments", .form, namedByFirstArgument: true),
            RequestField("get_cookie", .cookie, namedByFirstArgument: true),
        ],
        urlParameterMethods: ["get", "post", "put", "patch", "delete", "head", "options"],
        routeRegistrations: [
            RouteRegistration(.tuple, path: 0, handler: 1, isRegex: true),
            RouteRegistration(.function("tornado.web.url"), path: 0, handler: 1, isRegex: true),
            RouteRegistration(.function("tornado.web.URLSpec"), path: 0, handler: 1, isRegex: true),
            RouteRegistration(.function("tornado.routing.URLSpec"), path: 0, handler: 1, isRegex: true),
        ])
}
