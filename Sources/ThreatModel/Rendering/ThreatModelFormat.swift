import Foundation

/// The formats `taintline threat-model` writes.
public enum ThreatModelFormat: String, CaseIterable, Sendable {
    /// A threat-model document: summary, diagram (Mermaid), attack surface, STRIDE per entry point.
    case markdown
    /// The model itself (schema in Docs/threat-model.md).
    case json
    /// The data-flow diagram as a Mermaid flowchart.
    case mermaid
    /// The data-flow diagram as Graphviz DOT.
    case dot
    /// The data-flow diagram drawn by Taintline (no renderer needed).
    case svg
}

extension ThreatModelDocument {
    /// The document in a format, as text.
    public func rendered(as format: ThreatModelFormat) -> String {
        switch format {
        case .markdown: return MarkdownThreatModel.render(self)
        case .json: return jsonText()
        case .mermaid: return MermaidDiagram.render(diagram)
        case .dot: return DOTDiagram.render(diagram)
        case .svg: return SVGDiagram.render(diagram, title: "Data flow: " + roots.joined(separator: ", "))
        }
    }

    /// Pretty-printed JSON with sorted keys, so the same code gives the same bytes.
    public func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Reads a document back from its JSON form.
    public static func fromJSON(_ text: String) throws -> ThreatModelDocument {
        try JSONDecoder().decode(ThreatModelDocument.self, from: Data(text.utf8))
    }
}
