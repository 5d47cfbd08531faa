/// Flask: the `flask.request` proxy, and routes declared with `@app.route`/`@bp.get` on
/// `Flask` and `Blueprint` objects (a route function's parameters are URL parts).
public enum Flask {
    /// The request attributes Flask and Quart share (Quart mirrors Flask's API).
    static let attributes: [RequestField] = [
        RequestField("args", .query), RequestField("values", .query), RequestField("form", .form),
        RequestField("json", .json, structured: true), RequestField("data", .body), RequestField("stream", .body),
        RequestField("cookies", .cookie), RequestField("headers", .header), RequestField("files", .file),
        RequestField("view_args", .path), RequestField("path", .query, isRoutePath: true), RequestField("full_path", .query),
        RequestField("url", .query), RequestField("base_url", .query), RequestField("query_string", .query),
        // Werkzeug's parsed headers and the WSGI environment: the client writes them all.
        RequestField("user_agent", .header, inputName: "User-Agent"), RequestField("referrer", .header, inputName: "Referer"),
        RequestField("origin", .header, inputName: "Origin"), RequestField("content_type", .header, inputName: "Content-Type"),
        RequestField("mimetype", .header, inputName: "Content-Type"), RequestField("mimetype_params", .header, inputName: "Content-Type"),
        RequestField("authorization", .header, inputName: "Authorization"), RequestField("access_route", .header, inputName: "X-Forwarded-For"),
        RequestField("if_match", .header, inputName: "If-Match"), RequestField("if_none_match", .header, inputName: "If-None-Match"),
        RequestField("environ", .header, cgiHeaderKeys: true), RequestField("input_stream", .body),
    ]
    static let methods: [RequestField] = [RequestField("get_json", .json, structured: true, label: "json"), RequestField("get_data", .body, label: "data")]
    static let verbs: Set<String> = ["route", "get", "post", "put", "delete", "patch"]

    public static let model = FrameworkModel(
        framework: .flask, packages: ["flask"],
        requestGlobals: ["flask.request", "flask.globals.request"],
        attributes: attributes, methods: methods,
        routeOwners: ["flask.Flask", "flask.app.Flask", "flask.Blueprint", "flask.blueprints.Blueprint"],
        routeVerbs: verbs)
}

/// Quart: Flask's API on asyncio (`await request.get_json()`).
public enum Quart {
    public static let model = FrameworkModel(
        framework: .quart, packages: ["quart"],
        requestGlobals: ["quart.request", "quart.globals.request"],
        attributes: Flask.attributes, methods: Flask.methods,
        routeOwners: ["quart.Quart", "quart.Blueprint", "quart.app.Quart", "quart.blueprints.Blueprint"],
        routeVerbs: Flask.verbs)
}
