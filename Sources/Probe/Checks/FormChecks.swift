import Findings
import Foundation

/// State-changing (POST) forms without an anti-CSRF token field. Passive: forms are read, not sent.
enum FormChecks {
    private static let tokenWords = ["csrf", "xsrf", "token", "authenticity", "nonce", "requestverification"]

    /// A field that carries an anti-CSRF token: a token-like name and an unguessable-looking value.
    static func isTokenField(_ field: FormField) -> Bool {
        let name = field.name.lowercased()
        guard tokenWords.contains(where: name.contains) else { return false }
        let value = field.value
        return value.count >= 16 && Set(value).count >= 8
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
                    "form POST to \(action.absoluteString) (\(fieldsText)) on \(page.url.absoluteString) has no anti-CSRF token field\(form.hasPasswordField ? " (a login or password form: login CSRF)" : "")",
                    key: action.absoluteString, proof: proof, properties: ["action": action.absoluteString]))
            }
        }
        return findings
    }

    static func htmlEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "<", with: "&lt;")
    }
}
