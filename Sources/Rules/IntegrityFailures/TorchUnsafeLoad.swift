import Dataflow
import Findings
import PythonSyntax

/// B614: `torch.load` without `weights_only=True`.
enum TorchUnsafeLoad {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B614", name: "pytorch-unsafe-load", summary: "torch.load without weights_only=True",
        severity: .medium, confidence: .high, owasp: .a08, cwe: 502, bandit: "B614", ruff: nil,
        what: "Finds `torch.load(...)` without `weights_only=True` (High when `weights_only=False` is explicit).",
        why: "`torch.load` unpickles the file; a model file from the internet or a user can run arbitrary code when loaded.",
        example: "model = torch.load(path)",
        useInstead: "state = torch.load(path, weights_only=True)\n# or: safetensors.torch.load_file(path)",
        references: [RuleDoc.bandit("plugins/b614_pytorch_load.html"), "https://pytorch.org/docs/stable/generated/torch.load.html"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import os
        import torch
        a = torch.load(path)  # error: TL-B614
        b = torch.load(path, weights_only=False)  # error: TL-B614
        c = torch.load(path, weights_only=os.environ.get("W") == "1")  # error: TL-B614
        """),
        RuleExample("""
        import torch
        a = torch.load(path, weights_only=True)
        torch.save(model, path)
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), call.name == "torch.load" else { return [] }
        if let flag = call.keyword("weights_only") {
            if context.isTrue(flag) { return [] }
            // A flag decided at run time (`weights_only=os.environ.get("W") == "1"`) may be false.
            if !context.isFalse(flag) {
                return [context.finding(descriptor, at: call.id, description: "`torch.load` is given `weights_only=\(context.text(flag, limit: 40))`, decided at run time: where it is false, the file is unpickled and can run code.",
                                        remediation: "Pass `weights_only=True` always, or store weights as safetensors.", fix: "weights_only=True",
                                        severity: .medium, confidence: .medium)]
            }
            return [context.finding(descriptor, at: call.id, description: "`torch.load` is told `weights_only=False`: the file is unpickled and can run code.",
                                    remediation: "Pass `weights_only=True`, or store weights as safetensors.", fix: "weights_only=True", severity: .high)]
        }
        if call.hasUnpacking { return [] }
        return [context.finding(descriptor, at: call.id, description: "`torch.load` is called without `weights_only=True`; on PyTorch before 2.6 the file is fully unpickled and can run code.",
                                remediation: "Pass `weights_only=True`, or load safetensors files.", fix: "torch.load(path, weights_only=True)")]
    }
}
