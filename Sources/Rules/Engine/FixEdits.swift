import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// Building a finding's fix from the syntax tree. Each helper returns the edit that makes one
/// change at a node's exact source range, or nil when the code around it is not the plain shape
/// the helper can rewrite exactly (a comment that would be lost, parentheses around an argument,
/// `**kwargs` that may already hold the keyword, a name bound to something else): a rule offers
/// a fix only where the rewrite is right, and `fix(...)` is nil as soon as one edit is.
extension RuleContext {
    /// A fix made of these edits; nil when any of them could not be made.
    func fix(_ message: String, _ applicability: FixApplicability, _ edits: [TextEdit?]) -> Fix? {
        guard !edits.isEmpty, edits.allSatisfy({ $0 != nil }) else { return nil }
        return Fix(message: message, applicability: applicability, edits: edits.compactMap { $0 })
    }

    /// Replaces the bytes `start..<end` of the source.
    func edit(_ start: Int, _ end: Int, _ replacement: String) -> TextEdit {
        TextEdit(start: position(start), end: position(end), replacement: replacement)
    }

    /// Replaces an expression (its range: without any parentheses around it).
    func replacing(_ expr: ExprID, with text: String) -> TextEdit {
        let range = tree[expr].range
        return edit(Int(range.start), Int(range.end), text)
    }

    /// Replaces the name after the dot of an attribute (`yaml.load` → `yaml.safe_load`).
    func replacingAttributeName(_ expr: ExprID, with name: String) -> TextEdit? {
        guard case .attribute(_, let attr, _) = tree[expr].kind else { return nil }
        let end = Int(tree[expr].range.end)
        let start = end - attr.utf8.count
        // (An identifier written in another Unicode form than its normalised name: no fix.)
        guard start >= 0, source.bytes[start..<end].elementsEqual(attr.utf8) else { return nil }
        return edit(start, end, name)
    }

    /// Sets keyword argument `name` of a call to `value`: replaces the value when the keyword is
    /// there (`timeout=None`), adds it otherwise.
    func settingKeyword(_ call: CallInfo, _ name: String, to value: String) -> TextEdit? {
        if let present = call.keyword(name) { return replacing(present, with: value) }
        return addingKeyword(call, name, value)
    }

    /// Adds `name=value` after the last argument of a call (before a trailing comma or comment).
    /// Nil when the keyword is already passed, when `**kwargs` may hold it, or when the last
    /// argument is not followed by just the closing parenthesis (a parenthesised argument, a bare
    /// generator expression).
    func addingKeyword(_ call: CallInfo, _ name: String, _ value: String) -> TextEdit? {
        guard call.keyword(name) == nil, !call.keywords.contains(where: { $0.arg == nil }), let close = closingParenthesis(of: call) else { return nil }
        guard let last = argumentSpans(of: call).last else {
            guard let open = openingParenthesis(of: call), let gap = separator(open + 1, close, comments: true), gap == 0 else { return nil }
            return edit(close, close, "\(name)=\(value)")
        }
        guard let gap = separator(last.end, close, comments: true), gap <= 1 else { return nil }
        return edit(last.end, last.end, ", \(name)=\(value)")
    }

    /// Removes keyword argument `name` with its comma.
    func removingKeyword(_ call: CallInfo, _ name: String) -> TextEdit? {
        guard let keyword = call.keywords.first(where: { $0.arg == name }) else { return nil }
        return removingArgument(of: call, startingAt: Int(keyword.range.start))
    }

    /// Removes the positional argument `expr` with its comma.
    func removingArgument(_ call: CallInfo, _ expr: ExprID) -> TextEdit? {
        removingArgument(of: call, startingAt: Int(tree[expr].range.start))
    }

    /// Removes the argument starting at `start`, with the comma before it (or after it, for the
    /// first); nil when a comment or a parenthesis sits in what would be removed.
    private func removingArgument(of call: CallInfo, startingAt start: Int) -> TextEdit? {
        let spans = argumentSpans(of: call)
        guard let index = spans.firstIndex(where: { $0.start == start }), let close = closingParenthesis(of: call) else { return nil }
        let span = spans[index]
        if index > 0 {
            let previous = spans[index - 1]
            guard separator(previous.end, span.start, comments: false) == 1 else { return nil }
            return edit(previous.end, span.end, "")
        }
        if index + 1 < spans.count {
            let next = spans[index + 1]
            guard separator(span.end, next.start, comments: false) == 1 else { return nil }
            return edit(span.start, next.start, "")
        }
        guard let gap = separator(span.end, close, comments: false), gap <= 1 else { return nil }
        return edit(span.start, close, "")
    }

    /// Every argument of a call as written, in source order: positional ones (`*args` with its
    /// star) and keywords (`**kwargs` with its stars).
    func argumentSpans(of call: CallInfo) -> [(start: Int, end: Int)] {
        let positional = call.args.map { (start: Int(tree[$0].range.start), end: Int(tree[$0].range.end)) }
        let named = call.keywords.map { (start: Int($0.range.start), end: Int($0.range.end)) }
        return (positional + named).sorted { $0.start < $1.start }
    }

    /// The offset of a call's closing parenthesis.
    func closingParenthesis(of call: CallInfo) -> Int? {
        let end = Int(tree[call.id].range.end)
        guard end > 0, end <= source.bytes.count, source.bytes[end - 1] == UInt8(ascii: ")") else { return nil }
        return end - 1
    }

    /// The offset of a call's opening parenthesis (after the callee and any spaces).
    func openingParenthesis(of call: CallInfo) -> Int? {
        var index = Int(tree[call.function].range.end)
        let bytes = source.bytes
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
        return index < bytes.count && bytes[index] == UInt8(ascii: "(") ? index : nil
    }

    /// The number of commas between two places of an argument list, when nothing else is there
    /// but white space, line continuations and (if `comments`) comments; nil otherwise.
    func separator(_ from: Int, _ to: Int, comments: Bool) -> Int? {
        let bytes = source.bytes
        guard from <= to, to <= bytes.count else { return nil }
        var index = from, commas = 0
        while index < to {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), 10, 13, 12:
                index += 1
            case UInt8(ascii: ","):
                commas += 1
                index += 1
            case UInt8(ascii: "\\"):
                guard index + 1 < to, bytes[index + 1] == 10 || bytes[index + 1] == 13 else { return nil }
                index += 2
            case UInt8(ascii: "#"):
                guard comments else { return nil }
                while index < to, bytes[index] != 10, bytes[index] != 13 { index += 1 }
            default:
                return nil
            }
        }
        return commas
    }

    // MARK: Imports

    /// The name module `module` has in this file (`os`), with the edit that imports it when the
    /// file does not yet. Nil when that name is bound to anything else anywhere in the module, when a
    /// star import could bind it, or when there is no place for an import before `use` (a byte
    /// offset where the name will be used).
    func importing(module: String, before use: Int) -> (name: String, edits: [TextEdit])? {
        guard let edits = importEdits(binding: module, to: module, statement: "import \(module)", before: use) else { return nil }
        return (module, edits)
    }

    /// The edits that make `name` from `module` available (`from django.utils.html import
    /// format_html`): none when it already is; nil when the name means something else here.
    func importing(_ name: String, from module: String, before use: Int) -> [TextEdit]? {
        importEdits(binding: name, to: "\(module).\(name)", statement: "from \(module) import \(name)", before: use)
    }

    private func importEdits(binding name: String, to qualifiedName: String, statement: String, before use: Int) -> [TextEdit]? {
        let bound = model.bindings.filter { $0.name == name }
        if !bound.isEmpty {
            let imported = bound.allSatisfy { binding in
                guard binding.scope == .module, case .imported(let target) = binding.kind else { return false }
                return target == qualifiedName
            }
            // One of the imports must come before the use: module-level code (a settings file's
            // `DEBUG = ...`) runs before an import further down.
            return imported && bound.contains { Int($0.range.start) < use } ? [] : nil
        }
        guard model.starImports.isEmpty, let place = importPlace(before: use) else { return nil }
        return [edit(place.offset, place.offset, place.prefix + statement + newline)]
    }

    /// Where a new top-level import goes: after the module docstring, the `__future__` imports
    /// and the imports that open the module, on a line of its own; else just before the first
    /// statement (below any leading comments).
    private func importPlace(before use: Int) -> (offset: Int, prefix: String)? {
        let body = tree.body
        let starts = source.lineStarts
        var index = 0
        if let first = body.first, case .expr(let value) = tree[first].kind, case .constant(.str, _) = tree[value].kind { index = 1 }
        while index < body.count, case .importFrom("__future__"?, _, _) = tree[body[index]].kind { index += 1 }
        var anchor: StmtID? = index > 0 ? body[index - 1] : nil
        while index < body.count, isImport(body[index]) {
            anchor = body[index]
            index += 1
        }
        let offset: Int
        var prefix = ""
        if let anchor {
            let endLine = Int(tree[anchor].range.endLineno)
            // Another statement on the anchor's last line (`import a; x = 1`): no line of its own.
            if index < body.count, Int(tree[body[index]].range.lineno) <= endLine { return nil }
            if endLine < starts.count {
                offset = Int(starts[endLine])
            } else {
                offset = source.bytes.count
                if let last = source.bytes.last, last != 10, last != 13 { prefix = newline }
            }
        } else {
            guard let first = body.first else { return nil }
            let line = Int(tree[first].range.lineno)
            guard line >= 1, line <= starts.count, tree[first].range.colOffset == 0 else { return nil }
            offset = Int(starts[line - 1])
        }
        guard offset <= use else { return nil }
        return (offset, prefix)
    }

    private func isImport(_ stmt: StmtID) -> Bool {
        switch tree[stmt].kind {
        case .import, .importFrom: return true
        default: return false
        }
    }

    /// The file's line ending (its first one; `\n` when it has none).
    var newline: String {
        let bytes = source.bytes
        guard let first = bytes.firstIndex(where: { $0 == 10 || $0 == 13 }) else { return "\n" }
        if bytes[first] == 10 { return "\n" }
        return first + 1 < bytes.count && bytes[first + 1] == 10 ? "\r\n" : "\r"
    }
}
