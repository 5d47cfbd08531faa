import Dataflow
import Findings
import PythonSyntax

/// B105: a credential assigned or compared as a string literal.
enum HardcodedPasswordString {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B105", name: "hardcoded-password-string", summary: "hard-coded password or secret in a string",
        severity: .low, confidence: .medium, owasp: .a07, cwe: 259, bandit: "B105", ruff: "S105",
        what: "Finds string literals assigned to a variable, attribute or dict key named like a credential (`password`, `secret`, `api_key`, `token`, ...) or compared with one. Empty strings, placeholders (`\"changeme_in_env\"`, `\"<password>\"`, `\"${DB_PASSWORD}\"`), messages, URLs, environment-variable names and names such as `password_field` or `PASSWORD_RESET_URL` are not reported. Test files (`test_*.py`, `tests/`, `conftest.py`) are skipped: their passwords are fixtures; a real key there is still reported by the secret scanner.",
        why: "A credential in source code is readable by everyone with the repository, its history, its packages and its backups, and cannot be rotated without a release.",
        example: "DB_PASSWORD = \"s3cr3t-pa55\"",
        useInstead: "DB_PASSWORD = os.environ[\"DB_PASSWORD\"]",
        references: [RuleDoc.bandit("plugins/b105_hardcoded_password_string.html"), "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"])

    static let rule = Rule(descriptor, on: [.assign, .annAssign, .dict, .compare], examples: [
        RuleExample("""
        DB_PASSWORD = "s3cr3t-pa55"  # error: TL-B105
        class Config:
            secret_key: str = "dev-8f2b1c9a"  # error: TL-B105
        settings = {"api_key": "AKx81kd92mQ"}  # error: TL-B105
        EMAIL_PASSWORD = "secret"  # error: TL-B105
        SMTP_PASS = "m41l-s3nd"  # error: TL-B105
        creds = {"pass": "hunter2!"}  # error: TL-B105
        def login(password):
            if password == "hunter2!":  # error: TL-B105
                return True
        """),
        RuleExample("""
        import os
        PASSWORD = os.environ["PASSWORD"]
        password = ""
        password_field = "password"
        new_password = "confirm_password"
        PASSWORD = "password"
        PASSWORD_RESET_URL = "/accounts/reset/"
        TOKEN_TYPE = "Bearer"
        secret = "${APP_SECRET}"
        password_hint = "Enter your password"
        api_key_env = "API_KEY"
        schemas = {"AWS::SecretsManager::Secret": "c85175a4ebcce361"}
        if token == "async":
            pass
        pagination = {"input_token": "next_marker"}
        password_enabled = "true"
        token = None
        PASSWORD_MIN_LENGTH = 12
        compass = "north-east"
        passed_msg = "You have passed!"
        pass_through = "enabled-v2"
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
        switch node {
        case .statement(let stmt):
            let targets: [ExprID]
            let value: ExprID
            switch context.tree[stmt].kind {
            case .assign(let t, let v, _): targets = t; value = v
            case .annAssign(let t, _, let v?, _): targets = [t]; value = v
            default: return []
            }
            guard case .constant(.str(let text), _) = context.tree[value].kind else { return [] }
            for target in targets {
                guard let name = InsecureRandom.targetName(target, context), PasswordHeuristics.namesSecret(name),
                      PasswordHeuristics.looksLikeCredential(text, name: name) else { continue }
                return [report(value, name, text, context)]
            }
            return []
        case .expression(let id):
            switch context.tree[id].kind {
            case .dict(let keys, let values):
                var findings: [Finding] = []
                for (index, key) in keys.enumerated() {
                    guard let key, index < values.count, let name = context.tree.stringLiteral(key), isIdentifierLike(name),
                          PasswordHeuristics.namesSecret(name),
                          case .constant(.str(let text), _) = context.tree[values[index]].kind,
                          PasswordHeuristics.looksLikeCredential(text, name: name) else { continue }
                    findings.append(report(values[index], name, text, context))
                }
                return findings
            case .compare(let left, let ops, let comparators):
                guard ops.count == 1, ops[0] == .eq || ops[0] == .notEq, let right = comparators.first else { return [] }
                for (named, literal) in [(left, right), (right, left)] {
                    guard let name = InsecureRandom.targetName(named, context), PasswordHeuristics.namesSecret(name),
                          case .constant(.str(let text), _) = context.tree[literal].kind,
                          PasswordHeuristics.looksLikeCredential(text, name: name) else { continue }
                    return [report(literal, name, text, context)]
                }
                return []
            default:
                return []
            }
        case .module:
            return []
        }
    }

    /// Dict keys that name a setting (`api_key`, `X-Api-Token`), not free text or a type name (`AWS::SecretsManager::Secret`).
    static func isIdentifierLike(_ key: String) -> Bool {
        guard let first = key.first, first.isLetter || first == "_" else { return false }
        return key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }

    static func report(_ value: ExprID, _ name: String, _ text: String, _ context: RuleContext) -> Finding {
        context.finding(descriptor, at: value, description: "`\(name)` is set to the literal \(PasswordHeuristics.redacted(text)), a credential written into the source.",
                        remediation: "Read it from the environment or a secret manager (`os.environ[\"\(name.uppercased())\"]`), and rotate the value that was committed.",
                        fix: "os.environ[\"\(name.uppercased())\"]", redactions: context.credentialSpans(value))
    }
}
