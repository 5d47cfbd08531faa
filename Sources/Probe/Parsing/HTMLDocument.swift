import Foundation

/// A form field: `input`, `select`, `textarea` or `button` with a name.
struct FormField: Equatable, Sendable {
    var tag: String
    var name: String
    /// Lowercased `type` (`text` when absent on an input, `submit` on a button, else the tag name).
    var type: String
    var value: String
}

/// A form as written in the page.
struct HTMLForm: Equatable, Sendable {
    /// Lowercased; `get` when absent or unknown, as browsers do.
    var method: String
    /// The `action` as written (empty means the page itself).
    var action: String
    var fields: [FormField]

    var hasPasswordField: Bool { fields.contains { $0.type == "password" } }
}

/// What the probe reads from an HTML page: links to follow, forms, meta tags, the title.
struct HTMLDocument: Sendable {
    /// `href`/`src`/`action` values in document order, as written.
    var links: [String] = []
    var forms: [HTMLForm] = []
    /// `<meta>` tags: `name` or `http-equiv` (lowercased) and `content`.
    var metas: [(key: String, content: String)] = []
    var title: String?
    /// `<base href>`, when present.
    var baseHref: String?

    init(bytes: [UInt8]) {
        let (tags, title) = HTMLTokenizer(bytes).tokenize()
        self.title = title
        var openForm: HTMLForm?
        for tag in tags {
            if tag.isEnd {
                if tag.name == "form", let form = openForm { forms.append(form); openForm = nil }
                continue
            }
            switch tag.name {
            case "a", "area":
                if let href = tag.attribute("href") { links.append(href) }
            case "frame", "iframe":
                if let src = tag.attribute("src") { links.append(src) }
            case "base":
                if baseHref == nil, let href = tag.attribute("href") { baseHref = href }
            case "meta":
                let key = tag.attribute("http-equiv") ?? tag.attribute("name")
                if let key, let content = tag.attribute("content") { metas.append((key.lowercased(), content)) }
            case "form":
                if let form = openForm { forms.append(form) }  // an unclosed form ends at the next one
                let method = (tag.attribute("method") ?? "get").lowercased()
                let action = tag.attribute("action") ?? ""
                openForm = HTMLForm(method: method == "post" ? "post" : (method == "dialog" ? "dialog" : "get"), action: action, fields: [])
                if !action.isEmpty { links.append(action) }
            case "input", "select", "textarea", "button":
                guard let name = tag.attribute("name"), !name.isEmpty else { continue }
                // Defaults as in HTML: an input is text, a button submits.
                let defaultType = tag.name == "input" ? "text" : (tag.name == "button" ? "submit" : tag.name)
                let type = (tag.attribute("type") ?? defaultType).lowercased()
                openForm?.fields.append(FormField(tag: tag.name, name: name, type: type, value: tag.attribute("value") ?? ""))
            default:
                continue
            }
        }
        if let form = openForm { forms.append(form) }
    }

    init(_ text: String) { self.init(bytes: Array(text.utf8)) }

    /// The content of `<meta http-equiv=...>` or `<meta name=...>`, case-insensitively.
    func meta(_ key: String) -> [String] { metas.filter { $0.key == key.lowercased() }.map(\.content) }
}
