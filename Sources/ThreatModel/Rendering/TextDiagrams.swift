/// The data-flow diagram as text for other tools: a Mermaid flowchart and a Graphviz graph.
/// Trust boundaries are subgraphs (DOT clusters); actors and external services are boxes,
/// processes rounded, data stores cylinders; each flow is labelled with what it does and the
/// entry points that make it.
enum MermaidDiagram {
    static func render(_ diagram: DataFlowDiagram) -> String {
        var out = "flowchart LR\n"
        for boundary in diagram.boundaries {
            out += "  subgraph \(boundary.id)[\"\(escape(boundary.label))\"]\n"
            for node in diagram.nodes where node.boundary == boundary.id {
                let text = ([node.label] + node.details).map(escape).joined(separator: "<br/>")
                out += "    \(node.id)\(shape(node.kind, text))\n"
            }
            out += "  end\n"
        }
        for flow in diagram.flows {
            out += "  \(flow.from) -->|\"\(escape(Labels.flow(flow)))\"| \(flow.to)\n"
        }
        out += "  classDef actor fill:#fdecea,stroke:#c0392b\n"
        out += "  classDef process fill:#eaf2fb,stroke:#2c6fbb\n"
        out += "  classDef store fill:#eafaf1,stroke:#1e8449\n"
        out += "  classDef external fill:#f4f4f4,stroke:#666666\n"
        for kind in [DataFlowDiagram.NodeKind.actor, .process, .store, .external] {
            let ids = diagram.nodes.filter { $0.kind == kind }.map(\.id)
            if !ids.isEmpty { out += "  class \(ids.joined(separator: ",")) \(kind.rawValue)\n" }
        }
        return out
    }

    static func shape(_ kind: DataFlowDiagram.NodeKind, _ text: String) -> String {
        switch kind {
        case .actor, .external: return "[\"\(text)\"]"
        case .process: return "([\"\(text)\"])"
        case .store: return "[(\"\(text)\")]"
        }
    }

    /// Mermaid's entity codes for the characters its labels cannot hold.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\"": out += "#quot;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "|": out += "#124;"
            case "#": out += "#35;"
            default: out.append(c)
            }
        }
        return out
    }
}

enum DOTDiagram {
    static func render(_ diagram: DataFlowDiagram) -> String {
        var out = "digraph threat_model {\n"
        out += "  rankdir=LR;\n  compound=true;\n  fontname=\"Helvetica\";\n"
        out += "  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9];\n"
        for boundary in diagram.boundaries {
            out += "  subgraph cluster_\(boundary.id) {\n"
            out += "    label=\"\(escape(boundary.label))\";\n    style=dashed;\n    color=\"#888888\";\n"
            for node in diagram.nodes where node.boundary == boundary.id {
                let text = ([node.label] + node.details).map(escape).joined(separator: "\\n")
                out += "    \(node.id) [label=\"\(text)\", \(attributes(node.kind))];\n"
            }
            out += "  }\n"
        }
        for flow in diagram.flows {
            out += "  \(flow.from) -> \(flow.to) [label=\"\(escape(Labels.flow(flow)))\"\(flow.crossesBoundary ? ", color=\"#c0392b\"" : "")];\n"
        }
        out += "}\n"
        return out
    }

    static func attributes(_ kind: DataFlowDiagram.NodeKind) -> String {
        switch kind {
        case .actor: return "shape=box, style=\"filled\", fillcolor=\"#fdecea\", color=\"#c0392b\""
        case .process: return "shape=box, style=\"rounded,filled\", fillcolor=\"#eaf2fb\", color=\"#2c6fbb\""
        case .store: return "shape=cylinder, style=\"filled\", fillcolor=\"#eafaf1\", color=\"#1e8449\""
        case .external: return "shape=box, style=\"filled,dashed\", fillcolor=\"#f4f4f4\", color=\"#666666\""
        }
    }

    /// A DOT string's escapes: backslash and double quote (newlines become `\n`).
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out
    }
}

/// How every diagram labels a flow.
enum Labels {
    /// `reads, writes (E1, E3, E4)`; long lists are shortened (`E1, E2, E3 +9`).
    static func flow(_ flow: DataFlowDiagram.Flow) -> String {
        flow.label + " (" + entries(flow.entryPoints) + ")"
    }

    static func entries(_ ids: [String]) -> String {
        ids.count <= 4 ? ids.joined(separator: ", ") : ids.prefix(3).joined(separator: ", ") + " +\(ids.count - 3)"
    }
}
