import Dataflow
import Findings
import PythonSyntax

/// JWTs decoded without checking their signature, or made unsigned.
enum JWTUnverified {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-JWT-UNVERIFIED", name: "jwt-without-signature-verification",
        summary: "JWT decoded without verifying its signature, or signed with alg none",
        severity: .high, confidence: .high, owasp: .a02, cwe: 347,
        what: "Finds PyJWT `jwt.decode` with `options={\"verify_signature\": False}` (also through a variable), the old `verify=False`, `algorithms` that allow `\"none\"`, or no `algorithms` at all; python-jose `jose.jwt.decode` with `verify_signature` off or without `algorithms`; authlib `jwt.decode` without a key; and `jwt.encode(..., algorithm=\"none\")` / an authlib header with `\"alg\": \"none\"`. `jwt.get_unverified_header` (reading the `kid` before a verified decode) is not reported. Filed under A02 (Cryptographic Failures), where OWASP maps CWE-347.",
        why: "A token whose signature is not checked is just JSON the client wrote: anyone can set `sub` to another user or `role` to admin. Accepting `none`, or not pinning the algorithms, lets an attacker strip the signature or switch RS256 to HS256 and sign with the public key (algorithm confusion; PyJWT before 2.0 and python-jose accept the token's own `alg`).",
        example: "claims = jwt.decode(token, options={\"verify_signature\": False})\nuser = User.get(claims[\"sub\"])",
        useInstead: "claims = jwt.decode(token, settings.JWT_PUBLIC_KEY, algorithms=[\"RS256\"], audience=\"my-api\")",
        references: ["https://pyjwt.readthedocs.io/en/stable/api.html#jwt.decode",
                     "https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_for_Java_Cheat_Sheet.html",
                     "https://owasp.org/Top10/A02_2021-Cryptographic_Failures/"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import jwt
        from jwt import decode as jwt_decode
        from jose import jwt as jose_jwt
        from authlib.jose import jwt as authlib_jwt
        NO_VERIFY = {"verify_signature": False, "verify_exp": True}
        def legacy(token, key):
            return jwt_decode(token, key, algorithms=None)  # error: TL-WEB-JWT-UNVERIFIED
        def current_user(token, key):
            a = jwt.decode(token, options={"verify_signature": False})  # error: TL-WEB-JWT-UNVERIFIED
            b = jwt.decode(token, key, verify=False)  # error: TL-WEB-JWT-UNVERIFIED
            c = jwt.decode(token, key, algorithms=["HS256", "none"])  # error: TL-WEB-JWT-UNVERIFIED
            d = jwt.decode(token, key)  # error: TL-WEB-JWT-UNVERIFIED
            e = jwt.decode(token, key, algorithms=["HS256"], options=NO_VERIFY)  # error: TL-WEB-JWT-UNVERIFIED
            f = jose_jwt.decode(token, key, options={"verify_signature": False})  # error: TL-WEB-JWT-UNVERIFIED
            g = authlib_jwt.decode(token)  # error: TL-WEB-JWT-UNVERIFIED
            return a, b, c, d, e, f, g
        def oidc_claims(token_response):
            # An ID token from the token endpoint: reported Low (see the description).
            return jwt.decode(token_response["id_token"], options={"verify_signature": False})  # error: TL-WEB-JWT-UNVERIFIED
        def issue(claims, key):
            return jwt.encode(claims, key, algorithm="none")  # error: TL-WEB-JWT-UNVERIFIED
        def issue_authlib(claims, key):
            return authlib_jwt.encode({"alg": "none"}, claims, key)  # error: TL-WEB-JWT-UNVERIFIED
        """),
        RuleExample("""
        import jwt
        from jose import jwt as jose_jwt
        from authlib.jose import jwt as authlib_jwt
        ALGORITHMS = ["RS256"]
        def current_user(token, key, public_key):
            header = jwt.get_unverified_header(token)
            a = jwt.decode(token, key, algorithms=["HS256"])
            b = jwt.decode(token, public_key, ALGORITHMS, options={"verify_exp": True, "verify_signature": True})
            c = jose_jwt.decode(token, key, algorithms=["RS256"])
            d = authlib_jwt.decode(token, public_key)
            e = jwt.decode(token, key, algorithms=ALGORITHMS, options={"require": ["exp"]})
            return header, a, b, c, d, e
        def issue(claims, key):
            return jwt.encode(claims, key, algorithm="HS256")
        def decode(token, verify=False):
            return token
        decode("x", verify=False)
        """),
    ], autofix: Autofix(.unsafe, safety: "`algorithms=[\"HS256\"]` pins HMAC with SHA-256, so a token signed with another algorithm (RS256, ES256) is refused from then on: if the application's tokens use another one, list that one instead. Offered only for a call that passes the key and leaves `algorithms` out (or `None`); turned-off verification is not rewritten.", examples: [
        FixExample("""
        import jwt
        from jose import jwt as jose_jwt
        def current_user(token, key):
            a = jwt.decode(token, key)
            b = jwt.decode(token, key=key, options={"require": ["exp"]})
            c = jwt.decode(token, key, None)
            d = jose_jwt.decode(token, key, algorithms=None)
            e = jwt.decode(token, options={"verify_signature": False})
            return a, b, c, d, e
        """, """
        import jwt
        from jose import jwt as jose_jwt
        def current_user(token, key):
            a = jwt.decode(token, key, algorithms=["HS256"])
            b = jwt.decode(token, key=key, options={"require": ["exp"]}, algorithms=["HS256"])
            c = jwt.decode(token, key, ["HS256"])
            d = jose_jwt.decode(token, key, algorithms=["HS256"])
            e = jwt.decode(token, options={"verify_signature": False})
            return a, b, c, d, e
        """),
    ]), check: { check($0, $1) })

    static let pyjwtDecode: Set<String> = ["jwt.decode", "jwt.decode_complete", "jwt.api_jwt.decode", "jwt.api_jwt.decode_complete"]
    static let joseDecode: Set<String> = ["jose.jwt.decode"]
    static let authlibDecode: Set<String> = ["authlib.jose.jwt.decode"]
    static let encoders: Set<String> = ["jwt.encode", "jwt.api_jwt.encode", "jose.jwt.encode"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name else { return [] }
        if pyjwtDecode.contains(name) || joseDecode.contains(name) {
            return checkDecode(call, name, context)
        }
        if authlibDecode.contains(name) {
            guard !call.hasUnpacking else { return [] }
            if let key = call.argument(1, "key"), context.constant(key) != ConstantValue.none { return [] }
            return [context.finding(descriptor, at: call.id, description: "`\(name)` is called without a key: the token's signature is not checked against anything you trust.",
                                    remediation: "Pass the key (or a JWK set) the tokens must be signed with.", fix: "jwt.decode(token, public_key)")]
        }
        if encoders.contains(name), let algorithm = call.keyword("algorithm"), let value = context.string(algorithm), value.lowercased() == "none" {
            return [context.finding(descriptor, at: call.id, description: "`\(name)` issues a token with `algorithm=\"none\"`: it carries no signature, so anyone can forge one like it.",
                                    remediation: "Sign tokens with HS256 and a random secret of 32+ bytes, or with RS256/ES256 and a private key.",
                                    fix: "jwt.encode(claims, key, algorithm=\"HS256\")")]
        }
        if name == "authlib.jose.jwt.encode", let header = call.argument(0, "header"), algIsNone(inDict: header, context) {
            return [context.finding(descriptor, at: call.id, description: "`\(name)` issues a token whose header says `\"alg\": \"none\"`: it carries no signature.",
                                    remediation: "Use a signing algorithm in the header (`{\"alg\": \"RS256\"}`) and a real key.", fix: "{\"alg\": \"RS256\"}")]
        }
        return []
    }

    static func checkDecode(_ call: CallInfo, _ name: String, _ context: RuleContext) -> [Finding] {
        if let options = call.argument(3, "options"), let flag = dictValue(options, key: "verify_signature", context), context.isFalse(flag) {
            if let token = call.argument(0, "jwt"), isOpenIDToken(token, context) {
                // OpenID Connect Core 3.1.3.7: an ID token the client received straight from the
                // provider's token endpoint over TLS may be trusted without checking its signature.
                return [context.finding(descriptor, at: call.id, description: "`\(name)` reads the OpenID Connect ID token `\(context.text(token, limit: 30))` with `verify_signature` off. That is allowed for a token the app received itself from the provider's token endpoint over TLS (OpenID Connect Core 3.1.3.7), and wrong for one that reached it any other way (from the browser, a header, a query string).",
                                        remediation: "Make sure the token only ever comes from the token endpoint response; otherwise verify it against the provider's JWKS (`jwt.PyJWKClient(jwks_uri)`) with its audience and issuer.",
                                        fix: "jwt.decode(id_token, signing_key.key, algorithms=[\"RS256\"], audience=CLIENT_ID)",
                                        severity: .low, confidence: .low)]
            }
            return [context.finding(descriptor, at: call.id, description: "`\(name)` is called with `verify_signature` off: any token is accepted, whoever wrote it.",
                                    remediation: "Decode with the signing key and a pinned algorithm list; to read a token's header before choosing the key, use `jwt.get_unverified_header` and then a verified `jwt.decode`.",
                                    fix: "jwt.decode(token, key, algorithms=[\"HS256\"])")]
        }
        if let verify = call.keyword("verify"), context.isFalse(verify) {
            return [context.finding(descriptor, at: call.id, description: "`\(name)` is called with `verify=False` (PyJWT 1.x API): the signature is not checked.",
                                    remediation: "Remove `verify=False`, pass the key and `algorithms=[...]`; upgrade to PyJWT 2.",
                                    fix: "jwt.decode(token, key, algorithms=[\"HS256\"])")]
        }
        // `algorithms=None` is the same as leaving it out.
        let algorithms = call.argument(2, "algorithms").flatMap { context.constant($0) == ConstantValue.none ? nil : $0 }
        if let algorithms {
            if allowsNone(algorithms, context) {
                return [context.finding(descriptor, at: call.id, description: "`\(name)` accepts the `none` algorithm: a token with its signature stripped is valid.",
                                        remediation: "List only the algorithms you sign with.", fix: "algorithms=[\"HS256\"]")]
            }
            return []
        }
        guard !call.hasUnpacking else { return [] }
        // The fix pins HS256 where the key is passed: in the `None` given for `algorithms`, or as a new keyword.
        var pin: TextEdit?
        if call.argument(1, "key") != nil {
            pin = call.argument(2, "algorithms").map { context.replacing($0, with: "[\"HS256\"]") } ?? context.addingKeyword(call, "algorithms", "[\"HS256\"]")
        }
        return [context.finding(descriptor, at: call.id, description: "`\(name)` is called without `algorithms=`: older PyJWT and python-jose then trust the token's own `alg` (algorithm confusion, `none`); PyJWT 2 refuses the call.",
                                remediation: "Pin the algorithms the tokens are signed with.", fix: "jwt.decode(token, key, algorithms=[\"HS256\"])",
                                severity: .medium, confidence: .medium,
                                autofix: pin.flatMap { context.fix("Pin `algorithms=[\"HS256\"]`", .unsafe, [$0]) })]
    }

    /// An OpenID Connect ID token: a name or key `id_token` (`token["id_token"]`,
    /// `resp.get("id_token")`), as the token endpoint's response calls it.
    static func isOpenIDToken(_ token: ExprID, _ context: RuleContext) -> Bool {
        switch context.tree[token].kind {
        case .name(let id, _): return id.lowercased() == "id_token"
        case .attribute(_, let attr, _): return attr.lowercased() == "id_token"
        case .subscript(_, let key, _): return context.string(key)?.lowercased() == "id_token"
        case .call:
            guard let call = context.call(token), case .attribute(_, "get", _) = context.tree[call.function].kind, let key = call.args.first else { return false }
            return context.string(key)?.lowercased() == "id_token"
        default: return false
        }
    }

    /// The value under a constant `key` in a dict literal, a `dict(...)` call, or a local
    /// variable assigned one of those.
    static func dictValue(_ expr: ExprID, key: String, _ context: RuleContext, depth: Int = 0) -> ExprID? {
        guard depth < 4 else { return nil }
        switch context.tree[expr].kind {
        case .dict(let keys, let values):
            for (index, candidate) in keys.enumerated() where index < values.count {
                if let candidate, context.string(candidate) == key { return values[index] }
            }
            return nil
        case .call:
            guard let call = context.call(expr), call.name == "builtins.dict" else { return nil }
            return call.keyword(key)
        case .name:
            for value in WebAuthSupport.assignedValues(of: expr, context) {
                if let found = dictValue(value, key: key, context, depth: depth + 1) { return found }
            }
            return nil
        default:
            return nil
        }
    }

    static func allowsNone(_ expr: ExprID, _ context: RuleContext, depth: Int = 0) -> Bool {
        guard depth < 4 else { return false }
        if let value = context.string(expr) { return value.lowercased() == "none" }
        switch context.tree[expr].kind {
        case .list(let elts, _), .tuple(let elts, _), .set(let elts):
            return elts.contains { context.string($0)?.lowercased() == "none" }
        case .name:
            return WebAuthSupport.assignedValues(of: expr, context).contains { allowsNone($0, context, depth: depth + 1) }
        default:
            return false
        }
    }

    static func algIsNone(inDict expr: ExprID, _ context: RuleContext) -> Bool {
        guard let alg = dictValue(expr, key: "alg", context), let value = context.string(alg) else { return false }
        return value.lowercased() == "none"
    }
}
