/// What a sink does with the data that reaches it, so a sanitizer can say which sinks it
/// protects: `html.escape` makes text safe in HTML and nowhere else, `shlex.quote` in a shell
/// command, `os.path.basename` in a file path. Every request-data rule declares its kind.
public enum SinkKind: String, Sendable, Hashable, CaseIterable, Comparable {
    /// SQL text (CWE-89).
    case sql
    /// A NoSQL query document or `$where` script (CWE-943).
    case nosql
    /// An OS command line or a process's arguments (CWE-78, CWE-88).
    case command
    /// Python code evaluated or executed (CWE-94, CWE-95).
    case code
    /// A file-system path (CWE-22).
    case path
    /// A URL the server fetches (CWE-918).
    case url
    /// A URL the client is sent to (CWE-601).
    case redirect
    /// HTML sent to a browser (CWE-79).
    case html
    /// Template source compiled by a template engine (CWE-1336).
    case template
    /// An LDAP filter or distinguished name (CWE-90).
    case ldap
    /// An XPath expression (CWE-643).
    case xpath
    /// A regular expression (CWE-1333, CWE-730).
    case regex
    /// An HTTP response header (CWE-113).
    case header
    /// A log record (CWE-117).
    case log
    /// Bytes deserialised into objects (CWE-502).
    case deserialization
    /// An XML document parsed (CWE-611).
    case xml
    /// Fields assigned to a model or object (CWE-915).
    case massAssignment
    /// A value kept in the session, which later requests trust (CWE-501).
    case trustBoundary
    /// A user's password kept in a model field or a database row (CWE-256): only a password
    /// hash may be stored.
    case storedPassword

    public static func < (lhs: SinkKind, rhs: SinkKind) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Every kind: what a conversion such as `int(x)` protects.
    public static let all: Set<SinkKind> = Set(allCases)
}
