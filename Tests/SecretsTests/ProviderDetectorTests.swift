import Findings
import Foundation
import Testing
@testable import Secrets

private let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
private let lowerAlnum = Array("abcdefghijklmnopqrstuvwxyz0123456789")
private let bech32 = Array("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L")
private let azure = Alphabet.alnum + Array("_~.-")

/// One provider: a generated token that must be reported under `ruleID`, and a look-alike that must not.
struct ProviderCase: CustomTestStringConvertible, Sendable {
    var ruleID: String
    var token: String
    var decoy: String
    var testDescription: String { ruleID + " " + String(token.prefix(6)) }
}

func providerCases() -> [ProviderCase] {
    var t = Tokens(rng: SeededGenerator(state: 424242))
    func c(_ id: String, _ token: String, _ decoy: String) -> ProviderCase { ProviderCase(ruleID: id, token: token, decoy: decoy) }
    let hex32 = t.random(Alphabet.hex, 32)
    return [
        c("SECRET-HUGGINGFACE-TOKEN", "hf_" + t.random(letters, 34), "hf_" + t.random(letters, 20)),
        c("SECRET-HUGGINGFACE-TOKEN", "api_org_" + t.random(letters, 34), "api_org_" + String(repeating: "abcd", count: 8) + "ab"),
        c("SECRET-DATABRICKS-TOKEN", "dapi" + hex32, "dapi" + t.random(Alphabet.hex, 31)),
        c("SECRET-ATLASSIAN-TOKEN", "ATATT3xFfGF0" + t.random(Alphabet.urlSafe, 170) + "=" + t.random(Alphabet.upperAlnum, 8), "ATATT3" + t.random(Alphabet.alnum, 20)),
        c("SECRET-NEWRELIC-KEY", "NRAK-" + t.random(Alphabet.upperAlnum, 27), "NRAK-" + t.random(Alphabet.upperAlnum, 26)),
        c("SECRET-POSTMAN-KEY", "PMAK-" + t.random(Alphabet.hex, 24) + "-" + t.random(Alphabet.hex, 34), "PMAK-" + t.random(Alphabet.hex, 59)),
        c("SECRET-LINEAR-KEY", "lin_api_" + t.random(Alphabet.alnum, 40), "lin_api_" + t.random(Alphabet.alnum, 12)),
        c("SECRET-DOPPLER-TOKEN", "dp.pt." + t.random(Alphabet.alnum, 43), "dp.pt.config"),
        c("SECRET-DOPPLER-TOKEN", "dp.st.prd." + t.random(Alphabet.alnum, 43), "dp.st.dev"),
        c("SECRET-VAULT-TOKEN", "hvs." + t.random(Alphabet.urlSafe, 90), "hvs." + t.random(Alphabet.urlSafe, 24)),
        c("SECRET-AGE-KEY", "AGE-SECRET-KEY-1" + t.random(bech32, 58), "AGE-SECRET-KEY-1" + t.random(bech32, 20)),
        c("SECRET-SQUARE-TOKEN", "EAAA" + t.random(Alphabet.urlSafe, 60), "EAAA" + t.random(Alphabet.urlSafe, 30)),
        c("SECRET-SQUARE-TOKEN", "sq0csp-" + t.random(Alphabet.urlSafe, 43), "sq0csp-" + t.random(Alphabet.urlSafe, 10)),
        c("SECRET-BRAINTREE-TOKEN", "access_token$production$" + t.random(lowerAlnum, 16) + "$" + t.random(Alphabet.hex, 32), "access_token$production$" + t.random(lowerAlnum, 16)),
        c("SECRET-SUPABASE-KEY", "sbp_" + t.random(Alphabet.hex, 40), "sbp_" + t.random(Alphabet.hex, 39) + "z"),
        c("SECRET-MAILCHIMP-KEY", t.random(Alphabet.hex, 32) + "-us14", t.random(Alphabet.hex, 31) + "-us14"),
        c("SECRET-HEROKU-KEY", "HRKU-AA" + t.random(Alphabet.urlSafe, 58), "HRKU-AA" + t.random(Alphabet.urlSafe, 20)),
        c("SECRET-TWILIO-KEY", "SK" + t.random(Alphabet.hex, 32), "SKU" + t.random(Alphabet.hex, 32)),
        c("SECRET-MAILGUN-KEY", "key-" + t.random(Alphabet.hex, 32), "key-" + t.random(Alphabet.hex, 16)),
        c("SECRET-SENTRY-TOKEN", "sntryu_" + t.random(Alphabet.hex, 64), "sntryu_" + t.random(Alphabet.hex, 40)),
        c("SECRET-AZURE-CLIENT-SECRET", t.random(Alphabet.alnum, 3) + "8Q~" + t.random(azure, 34), "~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~"),
        c("SECRET-AZURE-STORAGE-KEY", "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=" + t.random(Alphabet.base64, 86) + "==;EndpointSuffix=core.windows.net",
          "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=" + t.random(Alphabet.base64, 20) + "=="),
        c("SECRET-DISCORD-WEBHOOK", "https://discord.com/api/webhooks/123456789012345678/" + t.random(Alphabet.urlSafe, 68), "https://discord.com/api/webhooks/123/abc"),
        c("SECRET-GRAFANA-TOKEN", "glsa_" + t.random(Alphabet.alnum, 32) + "_" + t.random(Alphabet.hex, 8), "glsa_" + t.random(Alphabet.alnum, 32)),
        c("SECRET-GOOGLE-OAUTH-SECRET", "GOCSPX-" + t.random(Alphabet.urlSafe, 28), "GOCSPX-" + t.random(Alphabet.urlSafe, 12)),
        c("SECRET-STRIPE-TEST-KEY", "sk_test_" + t.random(Alphabet.alnum, 24), "sk_test_" + t.random(Alphabet.alnum, 8)),
        c("SECRET-STRIPE-WEBHOOK-SECRET", "whsec_" + t.random(Alphabet.alnum, 32), "whsec_" + t.random(Alphabet.alnum, 10)),
        c("SECRET-OPENAI-KEY", "sk-svcacct-" + t.random(Alphabet.urlSafe, 74) + "T3BlbkFJ" + t.random(Alphabet.urlSafe, 74), "sk-svcacct-" + t.random(Alphabet.alnum, 8)),
        c("SECRET-SLACK-TOKEN", "xapp-1-A" + t.random(Alphabet.upperAlnum, 10) + "-1234567890123-" + t.random(Alphabet.hex, 64), "xapp-1-short"),
        c("SECRET-GITLAB-TOKEN", "gldt-" + t.random(Alphabet.urlSafe, 20), "gldt-" + t.random(Alphabet.urlSafe, 8)),
        c("SECRET-GITLAB-TOKEN", "glptt-" + t.random(Alphabet.hex, 40), "glptt-" + t.random(Alphabet.hex, 20)),
        c("SECRET-AWS-ACCESS-KEY", "ABIA" + t.random(Alphabet.upperAlnum, 16), "AKIAIOSFODNN7EXAMPLE"),
        c("SECRET-STRIPE-KEY", "sk_live_" + t.random(Alphabet.alnum, 99), "sk_live_" + String(repeating: "x", count: 24)),
    ]
}

private func scan(_ text: String, _ path: String) -> [Finding] {
    SecretScanner.scan(bytes: Array(text.utf8), displayPath: path).findings
}

@Test(arguments: providerCases())
func providerTokenIsFoundAndLookAlikeIsNot(_ c: ProviderCase) {
    // Neutral names, so the generic detector cannot be what finds them.
    for (line, path) in [("value = \"\(c.token)\"\n", "app/conf.py"), ("SETTING_VALUE=\(c.token)\n", ".env"), ("  setting: \(c.token)\n", "deploy/values.yaml")] {
        let found = scan(line, path)
        #expect(found.map(\.ruleID) == [c.ruleID], "\(path)")
        // The snippet is the line as written; its span masks the token, as reporters show it.
        let snippet = found.first?.snippet ?? ""
        #expect(snippet.contains(c.token))
        // The span covers the secret part of the token (an Azure connection string's AccountKey).
        let covered = found.first?.redactions.map(\.secret) ?? []
        #expect(covered.count == 1 && covered.allSatisfy { c.token.contains($0) && $0.count >= 16 })
        let masked = RedactedSpan.mask(snippet, found.first?.redactions ?? [])
        #expect(!masked.contains(c.token))
    }
    #expect(scan("value = \"\(c.decoy)\"\n", "app/conf.py").map(\.ruleID) == [])
    // Glued to a word it is a different string.
    #expect(scan("value = \"Z\(c.token)\"\n", "app/conf.py").filter { $0.ruleID == c.ruleID }.isEmpty || c.ruleID == "SECRET-MAILCHIMP-KEY"
            || c.ruleID == "SECRET-AZURE-STORAGE-KEY" || c.ruleID == "SECRET-DISCORD-WEBHOOK")
}

@Test func catalogDocumentsEveryNewDetector() {
    let ids = Set(SecretRules.all.map(\.id))
    for c in providerCases() { #expect(ids.contains(c.ruleID)) }
    #expect(SecretRules.all.allSatisfy { $0.documentation.contains("## Use instead") && !$0.summary.isEmpty })
}

@Test func pgpPrivateKeyBlock() {
    var t = Tokens(rng: SeededGenerator(state: 9))
    let body = (0..<10).map { _ in t.random(Alphabet.base64, 64) }
    let text = (["-----BEGIN PGP PRIVATE KEY BLOCK-----", "Version: GnuPG v2", ""] + body + ["=" + t.random(Alphabet.base64, 4), "-----END PGP PRIVATE KEY BLOCK-----"]).joined(separator: "\n") + "\n"
    #expect(scan(text, "keys/signing.asc").map(\.ruleID) == ["SECRET-PRIVATE-KEY"])
    let publicBlock = text.replacingOccurrences(of: "PRIVATE KEY BLOCK", with: "PUBLIC KEY BLOCK")
    #expect(scan(publicBlock, "keys/signing.asc").isEmpty)
}

@Test func bearerTokensInHeaders() {
    var t = Tokens(rng: SeededGenerator(state: 10))
    let token = t.random(Alphabet.alnum, 40)
    #expect(scan("headers = {'Authorization': 'Bearer \(token)'}\n", "a.py").map(\.ruleID) == ["SECRET-GENERIC"])
    #expect(scan("headers = {'Authorization': f'Bearer {token}'}\n", "a.py").isEmpty)
    #expect(scan("headers = {'Authorization': 'Bearer ' + token}\n", "a.py").isEmpty)
    #expect(scan("# Bearer authentication is described in RFC6750\n", "a.py").isEmpty)
}

@Test func passwordsAreReportedWithoutTheEntropyOfAKey() {
    // People choose passwords: short, mixed classes, below the entropy a random key would have.
    for (text, path) in [("DB_PASSWORD=Tr0ub4dor&3x\n", ".env"), ("    password: 'Kx7!mQ2pzW'\n", "config.yaml"),
                         ("conn = psycopg2.connect(host='db', password='Kx7!mQ2pzW')\n", "db.py"),
                         ("DATABASES = {'default': {'PASSWORD': '!?f@U%gYv6a9'}}\n", "settings.py"),
                         ("  \"smtp_pass\": \"Hq8#vLm2Rt\",\n", "config.json"), ("machine api.example.net login ops password Vb7xQ2mKp9Lw\n", ".netrc")] {
        #expect(scan(text, path).map(\.ruleID) == ["SECRET-GENERIC"], "\(text)")
    }
    // Not passwords: labels, identifiers, references, too short, templates.
    for (text, path) in [("password_field = 'user_password'\n", "a.py"), ("PASSWORD_PROMPT = 'Password:'\n", "a.py"), ("password = 'hunter2'\n", "a.py"),
                         ("    password: !vault |\n", "c.yaml"), ("password = '%s:%s' % (user, host)\n", "a.py"), ("PASSWORD=%DB_PASSWORD%\n", ".env"),
                         ("password = os.environ['PGPASSWORD']\n", "a.py"), ("PasswordLastUsed: '2016-09-21T23:00:00Z'\n", "a.yaml")] {
        #expect(scan(text, path).isEmpty, "\(text)")
    }
}

@Test func genericKeysAndTokensNeedRandomLookingValues() {
    var t = Tokens(rng: SeededGenerator(state: 11))
    let shortToken = t.random(Alphabet.alnum, 18)
    let key = t.random(Alphabet.base64, 43) + "="
    let hex = t.random(Alphabet.hex, 32)
    let found: [(String, String)] = [("AUTH_TOKEN=\(shortToken)\n", ".env"), ("encryption_key = '\(key)'\n", "a.py"), ("ALGOLIA_ADMIN_KEY: \(hex)\n", "a.yaml"),
                                     ("heroku_api_key = \"\(UUID().uuidString.lowercased())\"\n", "a.py"),
                                     ("    \"api_key = \\\"\(t.random(Alphabet.alnum, 32))\\\"\\n\",\n", "notebooks/a.ipynb")]
    for (text, path) in found { #expect(scan(text, path).count == 1, "\(path)") }
    #expect(scan("heroku_api_key = \"\(UUID().uuidString.lowercased())\"\n", "a.py").map(\.ruleID) == ["SECRET-HEROKU-KEY"])
    let quiet: [(String, String)] = [
        ("NextToken: \"\(t.random(Alphabet.base64, 64))\"\n", "a.yaml"),                     // pagination
        ("LockToken: \"\(UUID().uuidString.lowercased())\"\n", "a.yaml"),                    // a UUID under a token name is an id
        ("\"Key\": \"access_logs.s3.enabled\",\n", "a.json"),                                  // a dotted setting name
        ("EMRFS_SSE_KEY = 'fs.s3.enableServerSideEncryption'\n", "a.py"),
        ("result_key = 'ServerlessV2FeaturesSupport'\n", "a.py"),
        ("\"SecretArn\": \"arn:aws:secretsmanager:us-west-2:123456789012:secret:db-AbCdEf\",\n", "a.json"),
        ("secret = \"\(t.random(Alphabet.hex, 16))\"\n", "a.py"),                             // short hex is an id or a truncated hash
        ("toolskey = \"VS%0.f0COMNTOOLS\" % version\n", "a.py"),                               // a template
        ("base_key = \"Software\\\\Python\\\\PythonCore\\\\{}\".format(v)\n", "a.py"),
        ("_token_end = r'(?=\\s|#|[)\\]]|$)'\n", "a.py"),                                      // a regular expression
        ("RECAPTCHA_PUBLIC_KEY = '6Lc\(t.random(Alphabet.urlSafe, 37))'\n", "a.py"),          // public by name
        ("STRIPE_PUBLISHABLE_KEY = 'pk_live_\(t.random(Alphabet.alnum, 24))'\n", "a.py"),
        ("cache_key = 'user:\(t.random(Alphabet.alnum, 20))'\n", "a.py"),
    ]
    for (text, path) in quiet { #expect(scan(text, path).isEmpty, "\(text)") }
}

@Test func configFilesWithoutExtensionAndURLPasswordsWithSymbols() {
    var t = Tokens(rng: SeededGenerator(state: 12))
    let secret = t.random(Alphabet.base64, 40)
    let credentials = "[default]\naws_access_key_id = AKIA\(t.random(Alphabet.upperAlnum, 16))\naws_secret_access_key = \(secret)\n"
    #expect(scan(credentials, "home/.aws/credentials").map(\.ruleID) == ["SECRET-AWS-ACCESS-KEY", "SECRET-AWS-SECRET-KEY"])
    #expect(scan("DB = 'postgresql://app:?k1kn#Ov+^bJm8@db.internal:5432/app'\n", "a.py").map(\.ruleID) == ["SECRET-URL-PASSWORD"])
    #expect(scan("URL = 'https://shop.internal:8443?next=a@b.io'\n", "a.py").isEmpty)
    // A 40-character string near a key id is not its secret when its name says otherwise.
    let nearby = "aws_access_key_id = 'AKIA\(t.random(Alphabet.upperAlnum, 16))'\nrecaptcha_site_key = '\(t.random(Alphabet.alnum, 39))1'\n"
    #expect(scan(nearby, "a.py").map(\.ruleID) == ["SECRET-AWS-ACCESS-KEY"])
}

@Test func assignmentFormsOfOtherLanguagesAndFormats() {
    var t = Tokens(rng: SeededGenerator(state: 13))
    let v = t.random(Alphabet.alnum, 32)
    // gitleaks' sample formats: the same secret in each language's assignment syntax.
    let found: [(String, String)] = [
        ("var githubToken string = \"\(v)\"\n", "a.go"), ("githubToken := `\(v)`\n", "a.go"), ("$githubToken .= \"\(v)\"\n", "a.php"),
        ("  \"githubToken\" => \"\(v)\"\n", "logstash.conf"), ("GITHUB_TOKEN ?= \"\(v)\"\n", "Makefile"), ("GITHUB_TOKEN ::= \"\(v)\"\n", "Makefile"),
        ("System.setProperty(\"GITHUB_TOKEN\", \"\(v)\")\n", "A.java"), ("os.environ.setdefault('API_TOKEN', '\(v)')\n", "a.py"),
        ("<githubToken>\(v)</githubToken>\n", "conf.xml"), ("ENV API_KEY \(v)\n", "Dockerfile"),
        ("r = requests.get('https://api.weather.io/v1?q=x&apikey=\(v)&units=metric')\n", "a.py"),
        ("auth = HTTPBasicAuth('admin', 'Kx7!mQ2pzW')\n", "a.py"), ("requests.get(url, auth=('admin', 'Kx7!mQ2pzW'))\n", "a.py"),
        ("deploy_token: Hx7qT2mLp9Kw\n", "a.yaml"),
    ]
    for (text, path) in found { #expect(scan(text, path).map(\.ruleID) == ["SECRET-GENERIC"], "\(text)") }
    let quiet: [(String, String)] = [
        ("__all__ = [\"AsyncOAuth2Mixin\", \"DjangoOAuth1App\", \"OAuth2Client\"]\n", "a.pyi"),   // a list, not (name, value)
        ("<passwordPolicy>strict</passwordPolicy>\n", "conf.xml"), ("ENV DJANGO_SETTINGS_MODULE app.settings\n", "Dockerfile"),
        ("ARG GITHUB_TOKEN\n", "Dockerfile"), ("url = 'https://x.io/cb?token=' + token\n", "a.py"),
        ("auth = HTTPBasicAuth('admin', os.environ['PW'])\n", "a.py"),
        ("!function(e){var tokenKey=\"\(t.random(Alphabet.alnum, 14))\";" + String(repeating: "n.d(e,t,r);", count: 60) + "}\n", "static/vendor.js"),
    ]
    for (text, path) in quiet { #expect(scan(text, path).isEmpty, "\(text.prefix(60))") }
}

@Test func providerTokensInExampleFilesHaveLowConfidence() {
    var t = Tokens(rng: SeededGenerator(state: 14))
    let line = "STRIPE_SECRET_KEY=sk_live_\(t.random(Alphabet.alnum, 24))\nAPI_TOKEN=\(t.random(Alphabet.alnum, 32))\n"
    #expect(scan(line, ".env.example").map(\.confidence) == [.low])
    #expect(scan(line, ".env").map(\.ruleID) == ["SECRET-STRIPE-KEY", "SECRET-GENERIC"])
    #expect(scan(line, ".env").map(\.confidence) == [.high, .medium])
}

@Test func basicAuthorizationHeadersEscapedJSONKeysAndPasswordHashes() {
    let header = Data("deploy:Kx7!mQ2pzW".utf8).base64EncodedString()
    #expect(scan("headers = {'Authorization': 'Basic \(header)'}\n", "a.py").map(\.ruleID) == ["SECRET-URL-PASSWORD"])
    let placeholder = Data("user:password".utf8).base64EncodedString()
    #expect(scan("headers = {'Authorization': 'Basic \(placeholder)'}\n", "a.py").isEmpty)
    #expect(scan("# Basic authentication is supported\n", "a.py").isEmpty)
    #expect(scan("CONFIG = \"{\\\"password\\\": \\\"Kx7!mQ2pzW\\\"}\"\n", "a.py").map(\.ruleID) == ["SECRET-GENERIC"])
    #expect(scan("password = 'pbkdf2_sha256$260000$Qx8ZmB2kLp$Zk8f3J2mPq9sL1xW'\n", "a.py").isEmpty)
}

@Test func formatFieldsAndUpperCaseWordsAreNotSecrets() {
    #expect(scan("q = f\"SELECT id FROM users WHERE name = '{username}' AND password = '{password}'\"\n", "app.py").isEmpty)
    #expect(scan("check(\"SECRET-AGE-KEY\", \"AGE-SECRET-KEY-1\")\n", "a.py").isEmpty)
    #expect(scan("check(\"SECRET_TOKEN\", \"Kx7mQ2pzWv9LrT4n\")\n", "a.py").map(\.ruleID) == ["SECRET-GENERIC"])
}

@Test func googleAppPasswordsHaveBlanks() {
    #expect(scan("EMAIL_HOST_PASSWORD = 'qmzv tkrw hbnx pjda'\n", "settings.py").map(\.ruleID) == ["SECRET-GENERIC"])
    #expect(scan("EMAIL_HOST_PASSWORD = 'your app password here'\n", "settings.py").isEmpty)
    #expect(scan("EMAIL_HOST_USER = 'qmzv tkrw hbnx pjda'\n", "settings.py").isEmpty)
}
