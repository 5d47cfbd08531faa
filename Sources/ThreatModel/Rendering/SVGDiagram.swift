/// The data-flow diagram drawn by Taintline itself, so a picture needs no renderer: a layered
/// layout with one column per trust boundary, left to right in the order a request goes
/// (the Internet and operators, the application, its data stores, third-party services),
/// nodes stacked in each column, flows as curves between node sides with their labels on
/// white plates, and a legend.
enum SVGDiagram {
    struct Box: Equatable {
        var x: Double, y: Double, width: Double, height: Double
        var maxX: Double { x + width }
        var maxY: Double { y + height }
        var midY: Double { y + height / 2 }

        func intersects(_ other: Box) -> Bool {
            x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
        }
    }

    /// Where everything goes: computed once, drawn by `render`, checked by the tests.
    struct Layout {
        var width: Double
        var height: Double
        var nodes: [String: Box]
        var boundaries: [String: Box]
        /// Per flow: the curve's ends and control points, and where its label sits.
        var edges: [String: (start: (Double, Double), end: (Double, Double), label: Box)]
    }

    static let nodeWidth = 210.0
    static let columnGap = 170.0
    static let nodeGap = 26.0
    static let margin = 24.0
    static let titleHeight = 40.0
    static let boundaryPadding = 16.0
    static let boundaryLabel = 22.0
    static let lineHeight = 15.0
    static let maxLabel = 30
    /// Flow labels: an average character's width at 10 px, and the widest plate (it fits between columns).
    static let charWidth = 5.6
    static var maxLabelWidth: Double { columnGap + 2 * boundaryPadding - 8 }
    static var maxLabelCharacters: Int { Int((maxLabelWidth - 12) / charWidth) }

    /// A flow's label on two lines: what it does, then the entry points that make it.
    static func labelLines(_ flow: DataFlowDiagram.Flow) -> [String] {
        [flow.label, Labels.entries(flow.entryPoints)]
    }

    /// The column of each boundary (empty columns are dropped).
    static func columns(_ diagram: DataFlowDiagram) -> [[String]] {
        // Third-party services share the last column with the data stores, so no flow skips a column.
        let order: [[String]] = [["internet", "operations"], ["application"], ["data", "external"]]
        let used = Set(diagram.boundaries.map(\.id))
        return order.map { $0.filter(used.contains) }.filter { !$0.isEmpty }
    }

    /// The order of a column's nodes: the web application first, the command runner last (its
    /// operator is drawn below the Internet's actors), the others as the diagram lists them.
    static func ordered(_ nodes: [DataFlowDiagram.Node]) -> [DataFlowDiagram.Node] {
        let rank = ["process_web": 0, "process_os": 1, "process_worker": 2, "process_cli": 3, "actor_operator": 9]
        return nodes.enumerated().sorted { (rank[$0.element.id] ?? 5, $0.offset) < (rank[$1.element.id] ?? 5, $1.offset) }.map(\.element)
    }

    /// The point at `t` of the curve a flow is drawn as (`curve` gives its control points).
    static func point(_ t: Double, _ c: [(Double, Double)]) -> (Double, Double) {
        let u = 1 - t
        let a = u * u * u, b = 3 * u * u * t, d = 3 * u * t * t, e = t * t * t
        return (a * c[0].0 + b * c[1].0 + d * c[2].0 + e * c[3].0, a * c[0].1 + b * c[1].1 + d * c[2].1 + e * c[3].1)
    }

    /// The control points of a flow's curve between two anchors: horizontal tangents between
    /// columns, a bulge to the right within one.
    static func curve(_ start: (Double, Double), _ end: (Double, Double), sameColumn: Bool) -> [(Double, Double)] {
        if sameColumn { return [start, (start.0 + 40, start.1), (end.0 + 40, end.1), end] }
        let direction: Double = end.0 > start.0 ? 1 : -1
        let bend = max(40, abs(end.0 - start.0) / 2)
        return [start, (start.0 + direction * bend, start.1), (end.0 - direction * bend, end.1), end]
    }

    static func nodeHeight(_ node: DataFlowDiagram.Node) -> Double {
        30 + Double(node.details.count) * lineHeight + (node.details.isEmpty ? 0 : 6)
    }

    static func layout(_ diagram: DataFlowDiagram) -> Layout {
        var nodes: [String: Box] = [:]
        var boundaries: [String: Box] = [:]
        var columnHeights: [Double] = []
        let columns = columns(diagram)
        for (index, column) in columns.enumerated() {
            let x = margin + Double(index) * (nodeWidth + 2 * boundaryPadding + columnGap)
            var y = margin + titleHeight
            for boundary in column {
                let top = y
                y += boundaryLabel + boundaryPadding
                for node in ordered(diagram.nodes.filter { $0.boundary == boundary }) {
                    let box = Box(x: x + boundaryPadding, y: y, width: nodeWidth, height: nodeHeight(node))
                    nodes[node.id] = box
                    y += box.height + nodeGap
                }
                y += boundaryPadding - nodeGap
                boundaries[boundary] = Box(x: x, y: top, width: nodeWidth + 2 * boundaryPadding, height: y - top)
                y += nodeGap * 1.5
            }
            columnHeights.append(y)
        }
        // Center each column's boundaries vertically against the tallest column.
        let tallest = columnHeights.max() ?? (margin + titleHeight)
        for (index, column) in columns.enumerated() {
            let shift = ((tallest - columnHeights[index]) / 2).rounded()
            guard shift > 0 else { continue }
            for boundary in column {
                boundaries[boundary]?.y += shift
                for node in ordered(diagram.nodes.filter { $0.boundary == boundary }) { nodes[node.id]?.y += shift }
            }
        }
        var edges: [String: (start: (Double, Double), end: (Double, Double), label: Box)] = [:]
        var placedLabels: [Box] = []
        // Flows leave and enter a node at points spread over its side, in the order of the other ends.
        var outgoing: [String: [DataFlowDiagram.Flow]] = [:]
        var incoming: [String: [DataFlowDiagram.Flow]] = [:]
        for flow in diagram.flows {
            outgoing[flow.from, default: []].append(flow)
            incoming[flow.to, default: []].append(flow)
        }
        func anchor(_ flow: DataFlowDiagram.Flow, of id: String, _ list: [DataFlowDiagram.Flow], otherEnd: (DataFlowDiagram.Flow) -> String) -> Double {
            guard let box = nodes[id] else { return 0 }
            let sorted = list.sorted { (nodes[otherEnd($0)]?.y ?? 0) < (nodes[otherEnd($1)]?.y ?? 0) }
            let index = Double(sorted.firstIndex { $0.id == flow.id } ?? 0)
            return box.y + box.height * (index + 1) / Double(sorted.count + 1)
        }
        for flow in diagram.flows {
            guard let from = nodes[flow.from], let to = nodes[flow.to] else { continue }
            let fromY = anchor(flow, of: flow.from, outgoing[flow.from] ?? [], otherEnd: { $0.to })
            let toY = anchor(flow, of: flow.to, incoming[flow.to] ?? [], otherEnd: { $0.from })
            let start: (Double, Double)
            let end: (Double, Double)
            if to.x > from.x {
                start = (from.maxX, fromY); end = (to.x, toY)
            } else if to.x < from.x {
                start = (from.x, fromY); end = (to.maxX, toY)
            } else {
                // Same column: from the bottom of the upper one to the top of the lower one, at the right.
                let down = to.y > from.y
                start = (from.x + from.width * 0.7, down ? from.maxY : from.y)
                end = (to.x + to.width * 0.7, down ? to.y : to.maxY)
            }
            let lines = labelLines(flow)
            let width = min(Double(lines.map(\.count).max() ?? 0) * charWidth + 12, maxLabelWidth)
            let control = curve(start, end, sameColumn: from.x == to.x)
            // The label sits on the curve, at the first of these places where it covers no other
            // label and no node; failing all, below the middle until it is clear.
            var label = Box(x: 0, y: 0, width: width, height: 28)
            var placed = false
            // Flows fanning out of one node are told apart near their targets, flows fanning in near their sources.
            let fanOut = (outgoing[flow.from]?.count ?? 0) >= (incoming[flow.to]?.count ?? 0)
            let places = fanOut ? [0.72, 0.8, 0.62, 0.88, 0.5, 0.38] : [0.28, 0.2, 0.38, 0.12, 0.5, 0.62]
            for t in places {
                let (x, y) = point(t, control)
                label.x = x - width / 2
                label.y = y - 14
                if from.x == to.x { label.x = max(from.maxX, to.maxX) + boundaryPadding + 6 }
                if !placedLabels.contains(where: label.intersects) && !nodes.values.contains(where: label.intersects) { placed = true; break }
            }
            if !placed {
                let (x, y) = point(0.5, control)
                label.x = x - width / 2
                label.y = y - 14
                var tries = 0
                while tries < 60, placedLabels.contains(where: label.intersects) || nodes.values.contains(where: label.intersects) {
                    label.y += 8
                    tries += 1
                }
            }
            placedLabels.append(label)
            edges[flow.id] = (start, end, label)
        }
        let right = (boundaries.values.map(\.maxX) + nodes.values.map(\.maxX) + placedLabels.map(\.maxX)).max() ?? 300
        let bottom = (boundaries.values.map(\.maxY) + placedLabels.map(\.maxY)).max() ?? 200
        return Layout(width: max(right + margin, 360), height: bottom + margin + 40, nodes: nodes, boundaries: boundaries, edges: edges)
    }

    static func render(_ diagram: DataFlowDiagram, title: String) -> String {
        let layout = layout(diagram)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(number(layout.width))\" height=\"\(number(layout.height))\" viewBox=\"0 0 \(number(layout.width)) \(number(layout.height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        out += "  <title>\(escape(title))</title>\n"
        out += "  <defs>\n    <marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">\n"
        out += "      <path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555555\"/>\n    </marker>\n"
        out += "    <marker id=\"arrow-cross\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">\n"
        out += "      <path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#c0392b\"/>\n    </marker>\n  </defs>\n"
        out += "  <rect x=\"0\" y=\"0\" width=\"\(number(layout.width))\" height=\"\(number(layout.height))\" fill=\"#ffffff\"/>\n"
        out += "  <text x=\"\(number(margin))\" y=\"\(number(margin + 18))\" font-size=\"16\" font-weight=\"bold\" fill=\"#222222\">\(escape(shortened(title, 90)))</text>\n"
        for boundary in diagram.boundaries {
            guard let box = layout.boundaries[boundary.id] else { continue }
            out += "  <g id=\"boundary-\(boundary.id)\" class=\"boundary\">\n"
            out += "    <rect x=\"\(number(box.x))\" y=\"\(number(box.y))\" width=\"\(number(box.width))\" height=\"\(number(box.height))\" rx=\"8\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"1.5\" stroke-dasharray=\"7 5\"/>\n"
            out += "    <text x=\"\(number(box.x + 10))\" y=\"\(number(box.y + 16))\" font-size=\"12\" font-style=\"italic\" fill=\"#c0392b\">\(escape(boundary.label))</text>\n"
            out += "  </g>\n"
        }
        for flow in diagram.flows {
            guard let edge = layout.edges[flow.id] else { continue }
            let c = curve(edge.start, edge.end, sameColumn: layout.nodes[flow.from]?.x == layout.nodes[flow.to]?.x)
            let path = "M \(number(c[0].0)) \(number(c[0].1)) C \(number(c[1].0)) \(number(c[1].1)), \(number(c[2].0)) \(number(c[2].1)), \(number(c[3].0)) \(number(c[3].1))"
            let color = flow.crossesBoundary ? "#c0392b" : "#555555"
            out += "  <g id=\"flow-\(flow.id)\" class=\"flow\">\n"
            out += "    <path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.4\" marker-end=\"url(#\(flow.crossesBoundary ? "arrow-cross" : "arrow"))\"/>\n"
            let label = edge.label
            out += "    <rect x=\"\(number(label.x))\" y=\"\(number(label.y))\" width=\"\(number(label.width))\" height=\"\(number(label.height))\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.92\" stroke=\"#dddddd\"/>\n"
            for (index, line) in labelLines(flow).enumerated() {
                out += "    <text x=\"\(number(label.x + label.width / 2))\" y=\"\(number(label.y + 12 + Double(index) * 12))\" font-size=\"10\" text-anchor=\"middle\" fill=\"\(index == 0 ? "#222222" : "#666666")\">\(escape(shortened(line, maxLabelCharacters)))</text>\n"
            }
            out += "  </g>\n"
        }
        for node in diagram.nodes {
            guard let box = layout.nodes[node.id] else { continue }
            out += "  <g id=\"node-\(node.id)\" class=\"node \(node.kind.rawValue)\">\n"
            out += shape(node.kind, box)
            out += "    <text x=\"\(number(box.x + box.width / 2))\" y=\"\(number(box.y + 19))\" font-size=\"13\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#222222\">\(escape(shortened(node.label, maxLabel)))</text>\n"
            for (index, detail) in node.details.enumerated() {
                out += "    <text x=\"\(number(box.x + box.width / 2))\" y=\"\(number(box.y + 36 + Double(index) * lineHeight))\" font-size=\"10.5\" text-anchor=\"middle\" fill=\"#444444\">\(escape(shortened(detail, 36)))</text>\n"
            }
            out += "  </g>\n"
        }
        out += legend(y: layout.height - margin - 14)
        out += "</svg>\n"
        return out
    }

    static func shape(_ kind: DataFlowDiagram.NodeKind, _ box: Box) -> String {
        let x = number(box.x), y = number(box.y), w = number(box.width), h = number(box.height)
        switch kind {
        case .actor:
            return "    <rect x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"\(h)\" fill=\"#fdecea\" stroke=\"#c0392b\" stroke-width=\"2\"/>\n"
        case .process:
            return "    <rect x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"\(h)\" rx=\"16\" fill=\"#eaf2fb\" stroke=\"#2c6fbb\" stroke-width=\"1.5\"/>\n"
        case .store:
            // A data store: open at the sides, two lines top and bottom (DFD notation), on a fill.
            return "    <rect x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"\(h)\" fill=\"#eafaf1\" stroke=\"none\"/>\n"
                + "    <line x1=\"\(x)\" y1=\"\(y)\" x2=\"\(number(box.maxX))\" y2=\"\(y)\" stroke=\"#1e8449\" stroke-width=\"2\"/>\n"
                + "    <line x1=\"\(x)\" y1=\"\(number(box.maxY))\" x2=\"\(number(box.maxX))\" y2=\"\(number(box.maxY))\" stroke=\"#1e8449\" stroke-width=\"2\"/>\n"
        case .external:
            return "    <rect x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"\(h)\" fill=\"#f4f4f4\" stroke=\"#666666\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>\n"
        }
    }

    static func legend(y: Double) -> String {
        var out = "  <g id=\"legend\" font-size=\"10.5\" fill=\"#333333\">\n"
        var x = margin
        for (kind, label) in [(DataFlowDiagram.NodeKind.actor, "actor"), (.process, "process"), (.store, "data store"), (.external, "external service")] {
            out += shape(kind, Box(x: x, y: y, width: 22, height: 14))
            out += "    <text x=\"\(number(x + 28))\" y=\"\(number(y + 11))\">\(label)</text>\n"
            x += 44 + Double(label.count) * 6
        }
        out += "    <line x1=\"\(number(x))\" y1=\"\(number(y + 7))\" x2=\"\(number(x + 30))\" y2=\"\(number(y + 7))\" stroke=\"#c0392b\" stroke-width=\"1.5\" stroke-dasharray=\"7 5\"/>\n"
        out += "    <text x=\"\(number(x + 36))\" y=\"\(number(y + 11))\">trust boundary (red flows cross one)</text>\n"
        out += "  </g>\n"
        return out
    }

    /// A number as SVG writes it: at most one decimal, no trailing `.0`.
    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }

    static func shortened(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(1, limit - 1))) + "…"
    }

    /// XML text and attribute escapes.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // Control characters are not allowed in XML 1.0.
                if let scalar = c.unicodeScalars.first, scalar.value < 0x20 { out += " " } else { out.append(c) }
            }
        }
        return out
    }
}
