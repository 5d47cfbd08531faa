import Dataflow
import Findings
import PythonSyntax

/// B104: servers bound to every network interface.
enum BindAllInterfaces {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B104", name: "bind-all-interfaces", summary: "server bound to all network interfaces (0.0.0.0)",
        severity: .medium, confidence: .medium, owasp: .a05, cwe: 605, bandit: "B104", ruff: "S104",
        what: "Finds `\"0.0.0.0\"` (and `\"::\"`) passed as the host of a call (`app.run(host=...)`, `uvicorn.run`, `socket.bind((...))`, `create_server`), or assigned to a name such as `HOST`/`bind_address`. Other strings that happen to contain `0.0.0.0` are not reported.",
        why: "The service listens on every interface, including public ones; a development server or an admin endpoint becomes reachable from the network.",
        example: "app.run(host=\"0.0.0.0\")",
        useInstead: "app.run(host=os.environ.get(\"HOST\", \"127.0.0.1\"))",
        references: [RuleDoc.bandit("plugins/b104_hardcoded_bind_all_interfaces.html")])

    static let rule = Rule(descriptor, on: [.call, .assign], examples: [
        RuleExample("""
        import socket
        import uvicorn
        HOST = "0.0.0.0"  # error: TL-B104
        s = socket.socket()
        s.bind(("0.0.0.0", 8080))  # error: TL-B104
        uvicorn.run("app:app", host="0.0.0.0", port=8000)  # error: TL-B104
        """),
        RuleExample("""
        import socket
        s = socket.socket()
        s.bind(("127.0.0.1", 8080))
        message = "listening on 0.0.0.0"
        ALLOWED = ["0.0.0.0/8"]
        """),
    ], check: { check($0, $1) })

    static let wildcard: Set<String> = ["0.0.0.0", "::"]

    static func isWildcard(_ expr: ExprID, _ context: RuleContext) -> Bool {
        if case .constant(.str(let s), _) = context.tree[expr].kind { return wildcard.contains(s) }
        return false
    }

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        switch node {
        case .statement(let stmt):
            guard case .assign(let targets, let value, _) = context.tree[stmt].kind, isWildcard(value, context),
                  let name = targets.lazy.compactMap({ InsecureRandom.targetName($0, context) }).first,
                  name.lowercased().contains("host") || name.lowercased().contains("bind") || name.lowercased().contains("listen") || name.lowercased().contains("addr")
            else { return [] }
            return [context.finding(descriptor, at: value, description: "`\(name)` is set to `\(context.text(value))`, every network interface.",
                                    remediation: "Default to `127.0.0.1` and take the public address from configuration.", fix: "\"127.0.0.1\"")]
        case .expression:
            guard let call = context.call(node) else { return [] }
            var candidates: [ExprID] = []
            for keyword in call.keywords where ["host", "bind", "address", "addr", "listen", "interface"].contains(keyword.arg ?? "") {
                candidates.append(keyword.value)
            }
            if case .attribute(_, let attr, _) = context.tree[call.function].kind, ["bind", "create_server", "serve", "listen", "run", "make_server"].contains(attr) || call.name?.hasSuffix("make_server") == true {
                for arg in call.args {
                    if case .tuple(let elts, _) = context.tree[arg].kind, let first = elts.first { candidates.append(first) } else { candidates.append(arg) }
                }
            }
            guard let hit = candidates.first(where: { isWildcard($0, context) }) else { return [] }
            return [context.finding(descriptor, at: hit, description: "`\(call.name ?? context.text(call.function))` listens on `\(context.text(hit))`, every network interface.",
                                    remediation: "Bind to `127.0.0.1` unless the service must be public, and take the address from configuration.", fix: "\"127.0.0.1\"")]
        case .module:
            return []
        }
    }
}
