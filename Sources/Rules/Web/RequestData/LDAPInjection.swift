import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// LDAP injection: a search filter or DN built from request data without escaping.
enum LDAPInjection {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-LDAP-INJECTION", name: "ldap-injection", summary: "LDAP filter or DN built from request data",
        severity: .high, confidence: .high, owasp: .a03, cwe: 90,
        what: "Finds python-ldap searches (`search`, `search_s`, `search_st`, `search_ext`, `search_ext_s` on an object from `ldap.initialize`) and ldap3 `Connection.search` whose filter or base DN carries data from the HTTP request (read in the same function, or passed in by a caller anywhere in the project), followed through local variables and string building. Values passed through `ldap.filter.escape_filter_chars`, `ldap.dn.escape_dn_chars`, `ldap3.utils.conv.escape_filter_chars` or `ldap.filter.filter_format` are not reported.",
        why: "Characters such as `*`, `(`, `)` and `|` in the value rewrite the filter: `*)(uid=*` matches every user, which bypasses a login check or dumps the directory.",
        example: "conn.search_s(BASE, ldap.SCOPE_SUBTREE, f\"(uid={request.form['user']})\")",
        useInstead: "from ldap.filter import filter_format\nconn.search_s(BASE, ldap.SCOPE_SUBTREE, filter_format(\"(uid=%s)\", [request.form[\"user\"]]))",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/LDAP_Injection_Prevention_Cheat_Sheet.html"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import ldap
        import ldap3
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/user")
        def user():
            conn = ldap.initialize("ldap://directory")
            name = request.args["name"]
            return str(conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(uid={name})"))  # error: TL-WEB-LDAP-INJECTION

        @app.route("/group", methods=["POST"])
        def group():
            server = ldap3.Server("ldap://directory")
            with ldap3.Connection(server) as c:
                c.search("ou=groups,dc=example,dc=com", "(cn=" + request.form["group"] + ")")  # error: TL-WEB-LDAP-INJECTION
            return "ok"
        """),
        RuleExample("""
        import ldap
        from ldap.filter import escape_filter_chars, filter_format
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/user")
        def user():
            conn = ldap.initialize("ldap://directory")
            name = request.args["name"]
            conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(uid={escape_filter_chars(name)})")
            conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, filter_format("(uid=%s)", [name]))
            return str(conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, "(objectClass=person)"))

        def lookup(conn, name):
            return conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(uid={name})")
        """),
    ], check: { check($0, $1) })

    static let escapes: Set<String> = ["ldap.filter.escape_filter_chars", "ldap.dn.escape_dn_chars", "ldap.filter.filter_format",
                                       "ldap3.utils.conv.escape_filter_chars", "ldap3.utils.dn.escape_rdn", "escape_filter_chars",
                                       "escape_dn_chars", "filter_format", "escape_rdn"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node) else { return [] }
        let arguments = context.sinks(call, .ldap).map(\.argument)
        for argument in arguments {
            guard let origin = Taint.isRequestDerived(argument, context, kind: .ldap, stop: { isEscaped($0, context) }) else { continue }
            return [context.finding(descriptor, at: call.id,
                                    description: "`\(context.text(call.function, limit: 40))` searches with `\(context.text(argument, limit: 50))`, which carries `\(origin.text(context))` (\(origin.requestField)) unescaped: LDAP filter syntax in it changes what the search matches.",
                                    remediation: "Escape the value with `ldap.filter.escape_filter_chars(...)` (filters) or `ldap.dn.escape_dn_chars(...)` (DNs), or build the filter with `ldap.filter.filter_format(\"(uid=%s)\", [value])`.",
                                    fix: "filter_format(\"(uid=%s)\", [value])",
                                    flow: origin, proofOfConcept: origin.proofOfConcept(payload: "*)(uid=*", context))]
        }
        return []
    }

    static func isEscaped(_ expr: ExprID, _ context: RuleContext) -> Bool {
        guard let call = context.call(expr) else { return false }
        let name = call.name ?? context.tree.dottedName(call.function) ?? ""
        return escapes.contains(name) || escapes.contains(String(name.split(separator: ".").last ?? ""))
    }
}
