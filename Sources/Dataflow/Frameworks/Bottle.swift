/// Bottle: the module-level `bottle.request`, and route functions (`@route("/hello/<name>")`,
/// `@app.get(...)`, `app.route(path, callback=f)`) whose parameters are the URL wildcards.
/// Its `FormsDict` fields (`query`, `forms`, `params`, `cookies`) read keys as attributes
/// too: `request.query.name`.
public enum Bottle {
    static let verbs: Set<String> = ["route", "get", "post", "put", "delete", "patch"]

    public static let model = FrameworkModel(
        framework: .bottle, packages: ["bottle"],
        requestGlobals: ["bottle.request"],
        requestClasses: ["bottle.BaseRequest", "bottle.LocalRequest", "bottle.Request"],
        attributes: [
            RequestField("query", .query), RequestField("GET", .query), RequestField("params", .query),
            RequestField("forms", .form), RequestField("POST", .form), RequestField("json", .json, structured: true),
            RequestField("body", .body), RequestField("files", .file), RequestField("cookies", .cookie),
            RequestField("headers", .header), RequestField("environ", .header, cgiHeaderKeys: true), RequestField("auth", .header),
            RequestField("content_type", .header), RequestField("url_args", .path), RequestField("path", .query),
            RequestField("fullpath", .query), RequestField("url", .query), RequestField("urlparts", .query),
            RequestField("query_string", .query),
        ],
        methods: [
            RequestField("get_header", .header, label: "headers", namedByFirstArgument: true),
            // `get_cookie(name, default, secret)` with a secret returns only cookies the server signed.
            RequestField("get_cookie", .cookie, label: "cookies", namedByFirstArgument: true, trustedKeyword: "secret", trustedPosition: 2),
        ],
        routeOwners: ["bottle.Bottle", "bottle.default_app", "bottle.app"],
        routeVerbs: verbs,
        nonTextConverters: ["int", "float"],
        // `app.route("/x", "POST", f)` and `app.get("/x", callback=f)` (the verb shortcuts take
        // `method` second, so the callback only by keyword); the module-level functions alike.
        routeRegistrations: [RouteRegistration(.method("route"), path: 0, pathKeyword: "path", handler: 2, handlerKeyword: "callback",
                                               methodArgument: 1, methodsKeyword: "method")]
            + verbs.filter { $0 != "route" }.sorted().map { verb in
                RouteRegistration(.method(verb), path: 0, pathKeyword: "path", handler: nil, handlerKeyword: "callback", method: verb.uppercased())
            }
            + [RouteRegistration(.function("bottle.route"), path: 0, pathKeyword: "path", handler: 2, handlerKeyword: "callback",
                                 methodArgument: 1, methodsKeyword: "method")]
            + verbs.filter { $0 != "route" }.sorted().map { verb in
                RouteRegistration(.function("bottle." + verb), path: 0, pathKeyword: "path", handler: nil, handlerKeyword: "callback",
                                  method: verb.uppercased())
            },
        routeFunctions: Set(verbs.map { "bottle." + $0 }),
        routeParametersAreURLParts: true, colonWildcards: true, convertedURLPartReads: true,
        attributeMappings: ["query", "GET", "params", "forms", "POST", "files", "cookies"],
        mappingReaders: ["get", "getunicode", "getall", "getone", "getlist"],
        // `FileUpload.filename` is `raw_filename` reduced to ASCII letters, digits and `-_.`.
        sanitizedAttributes: ["files": ["filename"], "POST": ["filename"]])
}
