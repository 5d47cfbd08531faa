import Findings
import Foundation

/// State-changing (POST) forms without an anti-CSRF token field, or whose token field holds a value
/// no token has (empty, short, constant). Passive: forms are read, not sent.
enum FormChecks {
    private static let tokenWords = ["csrf", "xsrf", "token", "authenticity", "nonce", "requestverification"]

    /// Shortest value that can be an unguessable token, and fewest distinct characters in it.
    static let minimumLength = 16
    static let minimumDistinct = 8

    /// Whether the field's name says it carries an anti-CSRF token (`csrf_token`, `authenticity_token`).
    static func hasTokenName(_ field: FormField) -> Bool {
        let name = field.name.lowercased()
        return tokenWords.contains(where: name.contains)
    }

    /// What is wrong with the value of a field named like a token, or `nil` when it looks unguessable.
    static func weakTokenReason(_ field: FormField) -> String? {
        let value = field.value
        if value.isEmpty { return "is empty" }
        if value.count < minimumLength {
            return "holds a \(value.count)-character value (\"\(displayValue(value))\"), too short to be unguessable (a token needs \(minimumLength)+ random characters)"
        }
        let distinct = Set(value).count
        if distinct < minimumDistinct {
            return "holds a \(value.count)-character value made of only \(distinct) distinct character\(distinct == 1 ? "" : "s") (\"\(displayValue(value))\"), a constant rather than a random token"
        }
        return nil
    }

    /// A field that carries an anti-CSRF token: a token-like name and an unguessable-looking value.
    static func isTokenField(_ field: FormField) -> Bool {
        hasTokenName(field) && weakTokenReason(field) == nil
    }

    /// What the finding says is missing: no token field at all, or why the token fields there do not count.
    static func problem(_ form: HTMLForm) -> String {
        let weak = form.fields.filter(hasTokenName).compactMap { field in weakTokenReason(field).map { "`\(field.name)` \($0)" } }
        guard !weak.isEmpty else { return "has no anti-CSRF token field" }
        return "has no usable anti-CSRF token: its token field " + weak.joined(separator: "; ")
    }

    /// A short value as it may be shown (form values are public page content; long ones are cut).
    static func displayValue(_ value: String) -> String {
        value.count <= 24 ? value : String(value.prefix(20)) + "…"
    }

    static func check(_ pages: [CrawledPage]) -> [Finding] {
        var findings: [Finding] = []
        var seen = Set<String>()
        for page in pages {
            guard let document = page.document else { continue }
            for form in document.forms where form.method == "post" {
                if form.fields.contains(where: isTokenField) { continue }
                let action = form.action.isEmpty ? page.url : (resolve(form.action, against: page.url) ?? page.url)
                let fieldNames = form.fields.map(\.name)
                guard seen.insert(action.absoluteString + "\u{1F}" + fieldNames.sorted().joined(separator: ",")).inserted else { continue }
                let fieldsText = fieldNames.isEmpty ? "no named fields" : "fields: " + fieldNames.joined(separator: ", ")
                let inputs = form.fields.filter { $0.type != "submit" }.map { "<input type=\"hidden\" name=\"\(htmlEscape($0.name))\" value=\"...\">" }.joined()
                let proof = "<form method=\"POST\" action=\"\(htmlEscape(action.absoluteString))\">\(inputs)</form><script>document.forms[0].submit()</script>"
                findings.append(ProbeRules.formNoCSRF.finding(
                    at: page.url.absoluteString,
                    "form POST to \(action.absoluteString) (\(fieldsText)) on \(page.url.absoluteString) \(problem(form))\(form.hasPasswordField ? " (a login or password form: login CSRF)" : "")",
                    key: action.absoluteString, proof: proof, properties: ["action": action.absoluteString]))
            }
        }
        return findings
    }

    static func htmlEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "<", with: "&lt;")
    }
}
