import Dataflow
import Findings
import PythonSyntax

/// B107: a credential as a parameter's default value.
enum HardcodedPasswordDefault {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B107", name: "hardcoded-password-default", summary: "hard-coded password as a parameter default",
        severity: .low, confidence: .medium, owasp: .a07, cwe: 259, bandit: "B107", ruff: "S107",
        what: "Finds function parameters named like a credential whose default is a string literal that looks like a real value (not empty, not a placeholder). Test files (`test_*.py`, `tests/`, `conftest.py`) are skipped: their passwords are fixtures; a real key there is still reported by the secret scanner.",
        why: "Every caller that omits the argument uses the same known credential, and the value sits in the source for anyone to read.",
        example: "def connect(user=\"admin\", password=\"admin123\"): ...",
        useInstead: "def connect(user: str, password: str): ...  # no default; the caller supplies it from configuration",
        references: [RuleDoc.bandit("plugins/b107_hardcoded_password_default.html")])

    static let rule = Rule(descriptor, on: [.functionDef, .lambda], examples: [
        RuleExample("""
        def connect(user="admin", password="admin123"):  # error: TL-B107
            return user
        """),
        RuleExample("""
        def connect(user, password=None, password_field="password", token=""):
            return user
        """),
        RuleExample("""
        def test_login(client):
            client.login(username="alice", password="alice-pass-1")
            assert client.post("/login", data={"password": "wrong-pass-2"}).status_code == 401
        def make_user(password="fixture-pass-3"):
            return password
        """, path: "tests/test_auth.py"),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        // Test code logs in with made-up passwords; real keys there are the secret scanner's.
        guard !context.isTestFile else { return [] }
        let args: ArgumentsID
        let owner: String
        switch node {
        case .statement(let stmt):
            switch context.tree[stmt].kind {
            case .functionDef(let def), .asyncFunctionDef(let def): args = def.args; owner = def.name
            default: return []
            }
        case .expression(let id):
            guard case .lambda(let a, _) = context.tree[id].kind else { return [] }
            args = a
            owner = "lambda"
        case .module:
            return []
        }
        var findings: [Finding] = []
        for (arg, value) in context.tree.parametersWithDefaults(of: args) {
            guard PasswordHeuristics.namesSecret(arg.arg), case .constant(.str(let text), _) = context.tree[value].kind,
                  PasswordHeuristics.looksLikeCredential(text, name: arg.arg) else { continue }
            findings.append(context.finding(descriptor, at: value, description: "Parameter `\(arg.arg)` of `\(owner)` defaults to the literal \(PasswordHeuristics.redacted(text)).",
                                            remediation: "Remove the default so callers must supply the credential from configuration.", fix: "\(arg.arg): str",
                                            redactions: context.credentialSpans(value)))
        }
        return findings
    }
}
