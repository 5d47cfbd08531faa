import Dataflow
import Findings
import PythonSyntax

/// B106: a credential passed as a keyword argument literal.
enum HardcodedPasswordArgument {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B106", name: "hardcoded-password-argument", summary: "hard-coded password passed as an argument",
        severity: .low, confidence: .medium, owasp: .a07, cwe: 259, bandit: "B106", ruff: "S106",
        what: "Finds calls passing a string literal to a keyword argument named like a credential (`password=`, `passwd=`, `secret=`, `api_key=`, `token=`), skipping placeholders, empty strings and messages. Test files (`test_*.py`, `tests/`, `conftest.py`) are skipped: their passwords are fixtures; a real key there is still reported by the secret scanner.",
        why: "The credential is readable by everyone with the source and its history, and rotating it needs a code change.",
        example: "conn = psycopg2.connect(user=\"app\", password=\"Tr0ub4dor&3\")",
        useInstead: "conn = psycopg2.connect(user=\"app\", password=os.environ[\"DB_PASSWORD\"])",
        references: [RuleDoc.bandit("plugins/b106_hardcoded_password_funcarg.html")])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import psycopg2
        conn = psycopg2.connect(user="app", password="Tr0ub4dor&3")  # error: TL-B106
        client = make_client(api_key="k_live_8s7d6f5g4h")  # error: TL-B106
        """),
        RuleExample("""
        import os
        import psycopg2
        conn = psycopg2.connect(user="app", password=os.environ["DB_PASSWORD"])
        form = Field(password_field="password")
        login(password="")
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
        guard let call = context.call(node) else { return [] }
        var findings: [Finding] = []
        for keyword in call.keywords {
            guard let name = keyword.arg, PasswordHeuristics.namesSecret(name),
                  case .constant(.str(let text), _) = context.tree[keyword.value].kind,
                  PasswordHeuristics.looksLikeCredential(text, name: name) else { continue }
            findings.append(context.finding(descriptor, at: keyword.value,
                                            description: "`\(call.name ?? context.text(call.function))` receives `\(name)=` the literal \(PasswordHeuristics.redacted(text)).",
                                            remediation: "Pass the credential from configuration (`os.environ[...]` or a secret manager) and rotate the committed value.",
                                            redactions: context.credentialSpans(keyword.value)))
        }
        return findings
    }
}
