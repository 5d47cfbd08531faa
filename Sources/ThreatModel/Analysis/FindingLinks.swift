import Findings
import PythonSemantics
import PythonSyntax
import Rules

/// Which findings of the scan belong to an entry point: those in its handler (decorators
/// included), in the code that runs with it (a class view's other methods, its class body),
/// in the project functions it calls, and in the templates it renders.
extension Analyzer {
    struct Span: Hashable {
        let file: String
        let lines: ClosedRange<Int>
    }

    /// The code of an entry point as spans of lines, and the template names it renders.
    func spans(_ candidate: Candidate, reaches: [Reach]) -> (spans: [Span], templates: [String]) {
        var out: [Span] = []
        let reading = reading(candidate.file)
        let model = reading.model
        for scope in candidate.scopes {
            guard case .statement(let stmt) = model[scope].node else { continue }
            if model[scope].kind == .class {
                // The class body's own statements, not its methods (other verbs are other entry points).
                for inner in reading.body(of: stmt) {
                    if case .functionDef = reading.tree[inner].kind { continue }
                    if case .asyncFunctionDef = reading.tree[inner].kind { continue }
                    out.append(Span(file: reading.displayPath, lines: lines(of: inner, reading)))
                }
                out.append(contentsOf: decoratorSpans(stmt, reading))
            } else {
                out.append(Span(file: reading.displayPath, lines: lines(of: stmt, reading, withDecorators: true)))
            }
        }
        for function in reachedFunctions(candidate) {
            guard let (file, _, stmt) = definition(of: function) else { continue }
            let inner = self.reading(file)
            out.append(Span(file: inner.displayPath, lines: lines(of: stmt, inner)))
        }
        let templates = reaches.filter { $0.kind == .template }.compactMap(\.target)
        return (out, templates)
    }

    func lines(of stmt: StmtID, _ reading: CodeReading, withDecorators: Bool = false) -> ClosedRange<Int> {
        let range = reading.tree[stmt].range
        var first = Int(range.lineno)
        if withDecorators { for decorator in reading.model.decorators(of: stmt) { first = min(first, Int(reading.tree[decorator.expr].range.lineno)) } }
        return first...max(first, Int(range.endLineno))
    }

    func decoratorSpans(_ stmt: StmtID, _ reading: CodeReading) -> [Span] {
        reading.model.decorators(of: stmt).map { decorator in
            let range = reading.tree[decorator.expr].range
            return Span(file: reading.displayPath, lines: Int(range.lineno)...max(Int(range.lineno), Int(range.endLineno)))
        }
    }

    /// The findings inside the spans, or in a rendered template's file.
    static func findings(_ all: [Finding], in spans: [Span], templates: [String]) -> [Finding] {
        var byFile: [String: [ClosedRange<Int>]] = [:]
        for span in spans { byFile[span.file, default: []].append(span.lines) }
        return all.filter { finding in
            if let ranges = byFile[finding.location.file], ranges.contains(where: { $0.contains(finding.location.startLine) }) { return true }
            return templates.contains { template in
                finding.location.file == template || finding.location.file.hasSuffix("/" + template)
            }
        }
    }
}
