import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// The key that signs or verifies JWTs written into the source, at the call that uses it.
enum HardcodedJWTKey {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-JWT-HARDCODED-KEY", name: "jwt-hardcoded-key", summary: "JWT signed or verified with a key written in the source",
        severity: .high, confidence: .high, owasp: .a07, cwe: 798,
        what: "Finds a string literal, or a module constant or local bound to one, passed as the key of PyJWT's `jwt.encode`/`jwt.decode` (and `PyJWT().encode`), python-jose's `jose.jwt.encode`/`decode`, or Authlib's `jwt.encode(header, payload, key)`/`jwt.decode(token, key)` (and a `JsonWebToken` instance's). Keys read from the environment, settings, a configuration object or a file are not reported, nor empty strings, template placeholders or a literal public key (`-----BEGIN PUBLIC KEY-----`, which is meant to be known). A constant whose own assignment TL-B105 already reports (`SECRET = \"...\"`) is left to that finding; flask-jwt-extended's `JWT_SECRET_KEY` set to a literal is TL-WEB-HARDCODED-SECRET-KEY's. Test files are skipped.",
        why: "Whoever knows an HMAC signing key can mint tokens: any user id, any role, any expiry, and the server accepts them as its own. A key in the source is known to everyone with access to the repository, its history, a build or a leaked copy, and it cannot be rotated without a release.",
        example: "token = jwt.encode({\"sub\": user.id}, \"my-jwt-signing-key\", algorithm=\"HS256\")",
        useInstead: "token = jwt.encode({\"sub\": user.id, \"exp\": expiry}, os.environ[\"JWT_SIGNING_KEY\"], algorithm=\"HS256\")",
        references: ["https://pyjwt.readthedocs.io/en/stable/usage.html",
                     "https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html",
                     "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html",
                     "https://cwe.mitre.org/data/definitions/798.html"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import jwt
        from jose import jwt as jose_jwt
        from authlib.jose import jwt as authlib_jwt, JsonWebToken
        SIGNING = "k3y-f0r-the-shop-tokens-2021"

        def issue(user):
            a = jwt.encode({"sub": user.id}, "my-jwt-signing-key", algorithm="HS256")  # error: TL-WEB-JWT-HARDCODED-KEY
            b = jose_jwt.encode({"sub": user.id}, SIGNING, algorithm="HS256")  # error: TL-WEB-JWT-HARDCODED-KEY
            c = authlib_jwt.encode({"alg": "HS256"}, {"sub": user.id}, b"authlib-signing-key")  # error: TL-WEB-JWT-HARDCODED-KEY
            return a, b, c

        def read(token):
            key = "verify-with-this-key"
            claims = jwt.decode(token, key=key, algorithms=["HS256"])  # error: TL-WEB-JWT-HARDCODED-KEY
            other = JsonWebToken(["HS256"]).decode(token, "another-inline-key")  # error: TL-WEB-JWT-HARDCODED-KEY
            return claims, other
        """),
        RuleExample("""
        import os
        import jwt
        from django.conf import settings
        from flask import current_app
        PUBLIC_KEY = \"\"\"-----BEGIN PUBLIC KEY-----
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA
        -----END PUBLIC KEY-----\"\"\"
        # TL-B105 reports this assignment; the call is the same problem.
        JWT_SECRET = "s3cr3t-jwt-signing-value-2021"

        def issue(user, key):
            a = jwt.encode({"sub": user.id}, os.environ["JWT_KEY"], algorithm="HS256")
            b = jwt.encode({"sub": user.id}, settings.SECRET_KEY, algorithm="HS256")
            c = jwt.encode({"sub": user.id}, current_app.config["JWT_SECRET_KEY"], algorithm="HS256")
            d = jwt.encode({"sub": user.id}, key, algorithm="HS256")
            e = jwt.decode(user.token, PUBLIC_KEY, algorithms=["RS256"])
            f = jwt.decode(user.token, options={"verify_signature": False})
            g = jwt.encode({"sub": user.id}, open("/run/secrets/jwt").read(), algorithm="HS256")
            h = jwt.encode({"sub": user.id}, JWT_SECRET, algorithm="HS256")
            i = jwt.encode({"sub": user.id}, "", algorithm="none")
            return a, b, c, d, e, f, g, h, i

        def encode(payload, key):
            return {"payload": payload, "key": key}

        encode({"a": 1}, "not-a-jwt-call")
        """),
        RuleExample("""
        import jwt

        def make_token():
            return jwt.encode({"sub": 1}, "fixture-key", algorithm="HS256")
        """, path: "tests/test_tokens.py"),
    ], check: { check($0, $1) })

    /// Module functions, with the position of the key argument (also accepted as `key=`).
    static let keyedFunctions: [String: Int] = [
        "jwt.encode": 1, "jwt.decode": 1, "jwt.api_jwt.encode": 1, "jwt.api_jwt.decode": 1,
        "jwt.api_jws.encode": 1, "jwt.api_jws.decode": 1,
        "jose.jwt.encode": 1, "jose.jwt.decode": 1, "jose.jws.sign": 1, "jose.jws.verify": 1,
        "authlib.jose.jwt.encode": 2, "authlib.jose.jwt.decode": 1,
    ]
    /// Classes whose instances' `encode`/`decode` take the key at the same positions.
    static let keyedClasses: [String: [String: Int]] = [
        "jwt.PyJWT": ["encode": 1, "decode": 1], "jwt.api_jwt.PyJWT": ["encode": 1, "decode": 1],
        "authlib.jose.JsonWebToken": ["encode": 2, "decode": 1], "authlib.jose.rfc7519.JsonWebToken": ["encode": 2, "decode": 1],
        "authlib.jose.rfc7519.jwt.JsonWebToken": ["encode": 2, "decode": 1],
    ]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard !context.isTestFile, let call = context.call(node), let position = keyPosition(call, context),
              let key = call.argument(position, "key"), let (text, constant) = literalKey(key, context) else { return [] }
        let function = context.text(call.function, limit: 40)
        let shown = PasswordHeuristics.redacted(text)
        let subject = constant.map { "the constant `\($0)`, the literal \(shown)" } ?? "the literal \(shown)"
        return [context.finding(descriptor, at: key,
                                description: "`\(function)` is given \(subject) as its key: anyone who reads the source can sign tokens this code accepts (any user, any role, any expiry).",
                                remediation: "Read the key from the environment or a secret store at start-up (`os.environ[\"JWT_SIGNING_KEY\"]`, a settings value filled from one), generate it with `secrets.token_urlsafe(64)`, and rotate the key that was committed: it stays in the git history.",
                                fix: "os.environ[\"JWT_SIGNING_KEY\"]",
                                redactions: context.credentialSpans(key))]
    }

    static func keyPosition(_ call: CallInfo, _ context: RuleContext) -> Int? {
        if let name = call.name, let position = keyedFunctions[name] { return position }
        guard case .attribute(let receiver, let method, _) = context.tree[call.function].kind,
              let maker = context.model.constructorName(of: receiver) ?? context.qualifiedName(receiver) else { return nil }
        return keyedClasses[maker]?[method]
    }

    /// The key's text when the code fixes it: a literal, or a name bound to one in this module
    /// (with the constant's name). Nil for a public key, a placeholder, an empty string, and a
    /// constant TL-B105 reports where it is assigned.
    static func literalKey(_ key: ExprID, _ context: RuleContext) -> (String, String?)? {
        let tree = context.tree
        var literal = key
        var constant: String? = nil
        if case .name(let name, _) = tree[key].kind {
            guard let bound = context.model.assignedValue(of: key) else { return nil }
            literal = bound
            constant = name
        }
        let text: String
        switch tree[literal].kind {
        case .constant(.str(let value), _): text = value
        case .constant(.bytes(let value), _): text = String(decoding: value, as: UTF8.self)
        default: return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || HardcodedSecretKey.isTemplatePlaceholder(trimmed) { return nil }
        if trimmed.contains("PUBLIC KEY-----") || trimmed.contains("BEGIN CERTIFICATE") { return nil }
        if PasswordHeuristics.placeholders.contains(trimmed.lowercased()) { return nil }
        if let constant, PasswordHeuristics.namesSecret(constant), PasswordHeuristics.looksLikeCredential(text, name: constant) { return nil }
        return (text, constant)
    }
}
