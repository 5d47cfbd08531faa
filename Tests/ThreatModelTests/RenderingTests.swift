import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ThreatModel

/// Every format is a function of the model: JSON reads back to the same model, the diagrams
/// name every node and flow, the SVG is well-formed XML whose layout overlaps nothing, and the
/// Markdown document has a section and a STRIDE table per entry point.
@Suite struct RenderingTests {
    static let apps = ["flask_app", "django_app", "fastapi_app"]

    @Test(arguments: apps) func jsonReadsBack(_ app: String) throws {
        let model = try ModelFixture.app(app)
        let text = model.rendered(as: .json)
        #expect(try ThreatModelDocument.fromJSON(text) == model)
        // The same model gives the same bytes (sorted keys, no clock, no locale).
        #expect(model.rendered(as: .json) == text)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["schemaVersion", "toolVersion", "roots", "entryPoints", "crossings", "diagram", "applicationFindings",
                                     "applicationStride", "limits"])
        #expect(object["schemaVersion"] as? Int == 1)
    }

    @Test(arguments: apps) func mermaidAndDOTNameEveryNodeAndFlow(_ app: String) throws {
        let diagram = try ModelFixture.app(app).diagram
        let mermaid = MermaidDiagram.render(diagram)
        #expect(mermaid.hasPrefix("flowchart LR\n"))
        let dot = DOTDiagram.render(diagram)
        #expect(dot.hasPrefix("digraph threat_model {\n") && dot.hasSuffix("}\n"))
        #expect(dot.filter { $0 == "{" }.count == dot.filter { $0 == "}" }.count)
        for node in diagram.nodes {
            #expect(mermaid.contains("    \(node.id)"), "\(node.id) not declared in Mermaid")
            #expect(dot.contains("    \(node.id) [label=\""), "\(node.id) not declared in DOT")
        }
        for flow in diagram.flows {
            #expect(mermaid.contains("  \(flow.from) -->|\"\(flow.label)"))
            #expect(dot.contains("  \(flow.from) -> \(flow.to) [label=\"\(flow.label)"))
        }
        for boundary in diagram.boundaries {
            #expect(mermaid.contains("subgraph \(boundary.id)[\"\(boundary.label)\"]"))
            #expect(dot.contains("subgraph cluster_\(boundary.id) {"))
        }
    }

    @Test func labelsAreEscaped() {
        #expect(MermaidDiagram.escape("a \"b\" <c> | #d") == "a #quot;b#quot; #lt;c#gt; #124; #35;d")
        #expect(DOTDiagram.escape("a \"b\" \\ c\nd") == "a \\\"b\\\" \\\\ c\\nd")
        #expect(SVGDiagram.escape("<a href='x'>&\"\u{1}") == "&lt;a href=&apos;x&apos;&gt;&amp;&quot; ")
    }

    #if canImport(FoundationXML) || os(macOS)
    @Test(arguments: apps) func svgIsWellFormedAndHoldsTheDiagram(_ app: String) throws {
        let model = try ModelFixture.app(app)
        let svg = model.rendered(as: .svg)
        let document = try XMLDocument(data: Data(svg.utf8))
        let root = try #require(document.rootElement())
        #expect(root.name == "svg")
        #expect((root.uri ?? root.namespaces?.first?.stringValue) == "http://www.w3.org/2000/svg")
        var groups: [String] = []
        var texts: [String] = []
        func walk(_ element: XMLElement) {
            let name = element.name.map { String($0.split(separator: ":").last ?? "") } ?? ""
            // (`attribute(forName:)` misses attributes of elements in a default namespace on Linux.)
            if name == "g", let id = element.attributes?.first(where: { $0.name == "id" })?.stringValue { groups.append(id) }
            if name == "text", let text = element.stringValue { texts.append(text) }
            for child in element.children ?? [] where child.kind == .element { if let child = child as? XMLElement { walk(child) } }
        }
        walk(root)
        for node in model.diagram.nodes { #expect(groups.contains("node-\(node.id)")) }
        for flow in model.diagram.flows { #expect(groups.contains("flow-\(flow.id)")) }
        for boundary in model.diagram.boundaries { #expect(groups.contains("boundary-\(boundary.id)")) }
        for node in model.diagram.nodes { #expect(texts.contains(node.label)) }
    }
    #endif

    @Test(arguments: apps) func svgLayoutOverlapsNothing(_ app: String) throws {
        let diagram = try ModelFixture.app(app).diagram
        let layout = SVGDiagram.layout(diagram)
        let boxes = diagram.nodes.compactMap { layout.nodes[$0.id] }
        #expect(boxes.count == diagram.nodes.count)
        for (index, box) in boxes.enumerated() {
            #expect(box.x >= 0 && box.y >= 0 && box.maxX <= layout.width && box.maxY <= layout.height)
            for other in boxes[(index + 1)...] { #expect(!box.intersects(other)) }
        }
        let labels = diagram.flows.compactMap { layout.edges[$0.id]?.label }
        #expect(labels.count == diagram.flows.count)
        for (index, label) in labels.enumerated() {
            #expect(label.maxX <= layout.width && label.maxY <= layout.height)
            #expect(!boxes.contains(where: label.intersects), "a flow label covers a node")
            for other in labels[(index + 1)...] { #expect(!label.intersects(other), "two flow labels overlap") }
        }
        // Each node sits inside its boundary's box.
        for node in diagram.nodes {
            let box = try #require(layout.nodes[node.id]), boundary = try #require(layout.boundaries[node.boundary])
            #expect(box.x >= boundary.x && box.maxX <= boundary.maxX && box.y >= boundary.y && box.maxY <= boundary.maxY)
        }
    }

    @Test(arguments: apps) func markdownHasEverySection(_ app: String) throws {
        let model = try ModelFixture.app(app)
        let text = model.rendered(as: .markdown)
        #expect(text.hasPrefix("# Threat model: `\(app)`\n"))
        #expect(text.contains("```mermaid\nflowchart LR\n"))
        for entry in model.entryPoints {
            #expect(text.contains("### \(entry.id): `\(entry.title)`\n"))
            #expect(text.contains("| \(entry.id) | `\(entry.title)` |"))
            for item in entry.stride where item.status == .open {
                for id in item.findings { #expect(text.contains("`\(id)`")) }
            }
        }
        let rows = text.components(separatedBy: "\n").filter { $0.hasPrefix("| Spoofing |") }
        #expect(rows.count == model.entryPoints.count + model.crossings.count + (model.applicationFindings.isEmpty ? 0 : 1))
    }

    @Test func anEmptyModelRendersInEveryFormat() throws {
        let model = ModelFixture.build([("lib.py", "x = 1\n")])
        for format in ThreatModelFormat.allCases { #expect(!model.rendered(as: format).isEmpty) }
        _ = try XMLDocument(data: Data(model.rendered(as: .svg).utf8))
    }
}
