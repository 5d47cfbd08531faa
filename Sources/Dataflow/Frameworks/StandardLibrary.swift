/// The standard library's `http.server`: in a `do_GET`/`do_POST`/... method of a
/// `BaseHTTPRequestHandler` subclass, `self` is the request (`self.path` holds the query
/// string, `self.headers` the headers, `self.rfile` the body).
public enum HTTPServer {
    public static let model = FrameworkModel(
        framework: .httpServer, packages: ["http"],
        handlerBases: ["http.server.BaseHTTPRequestHandler", "http.server.SimpleHTTPRequestHandler", "http.server.CGIHTTPRequestHandler"],
        attributes: [
            RequestField("path", .query), RequestField("requestline", .query), RequestField("raw_requestline", .query),
            RequestField("headers", .header), RequestField("rfile", .body),
        ])
}

/// Plain WSGI (PEP 3333): `def app(environ, start_response)`; `environ` maps CGI variables
/// to request data (`QUERY_STRING`, `PATH_INFO`, `HTTP_*` headers, the `wsgi.input` body).
public enum WSGI {
    public static let model = FrameworkModel(
        framework: .wsgi, packages: [], isWSGI: true,
        keys: [
            RequestField("QUERY_STRING", .query), RequestField("REQUEST_URI", .query), RequestField("RAW_URI", .query),
            RequestField("PATH_INFO", .path), RequestField("SCRIPT_NAME", .path), RequestField("CONTENT_TYPE", .header),
            RequestField("HTTP_COOKIE", .cookie, cgiHeaderKeys: true), RequestField("wsgi.input", .body),
        ])

    /// `wsgiref.util` functions that read request data out of the `environ` they are given,
    /// and the key each reads: `shift_path_info(environ)` is the next segment of `PATH_INFO`,
    /// `request_uri(environ)` the URL with its query, `application_uri(environ)` the `Host`.
    public static let readers: [String: RequestField] = [
        "wsgiref.util.shift_path_info": RequestField("PATH_INFO", .path), "wsgiref.util.request_uri": RequestField("REQUEST_URI", .query),
        "wsgiref.util.application_uri": RequestField("HTTP_HOST", .header, cgiHeaderKeys: true),
    ]
}
