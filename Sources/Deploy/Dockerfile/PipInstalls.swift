/// A `pip install` a `RUN` performs (`pip`, `pip3.12`, `python -m pip`, `uv pip`), with its options.
struct PipInstall: Sendable {
    var script: DockerScript
    var command: ShellCommand
    /// The words after `install`.
    var options: [ShellWord]
    /// The program word, where findings point.
    var programWord: ShellWord

    /// `-r FILE`, `-rFILE`, `--requirement FILE`, `--requirement=FILE`: the requirements files installed.
    var requirementFiles: [String] {
        var files: [String] = []
        var index = 0
        while index < options.count {
            let text = options[index].text
            if text == "-r" || text == "--requirement", index + 1 < options.count {
                files.append(options[index + 1].text)
                index += 2
                continue
            }
            if text.hasPrefix("--requirement=") { files.append(String(text.dropFirst("--requirement=".count))) }
            else if text.hasPrefix("-r"), text.count > 2, !text.hasPrefix("--") { files.append(String(text.dropFirst(2))) }
            index += 1
        }
        return files
    }

    func has(_ option: String) -> Bool { options.contains { $0.text == option || $0.text.hasPrefix(option + "=") } }

    /// The values of `--trusted-host HOST` / `--trusted-host=HOST`.
    var trustedHosts: [ShellWord] {
        var hosts: [ShellWord] = []
        for (index, word) in options.enumerated() {
            if word.text == "--trusted-host", index + 1 < options.count { hosts.append(options[index + 1]) }
            if word.text.hasPrefix("--trusted-host=") { hosts.append(ShellWord(text: String(word.text.dropFirst("--trusted-host=".count)), offset: word.offset)) }
        }
        return hosts
    }
}

extension Dockerfile {
    /// Every `pip install` of every `RUN`, with the stage it runs in.
    var pipInstalls: [(stage: DockerStage, install: PipInstall)] {
        allScripts.flatMap { stage, script in
            script.pipelines.flatMap(\.commands).compactMap { command in PipInstalls.install(command, script).map { (stage, $0) } }
        }
    }
}

enum PipInstalls {
    static func install(_ command: ShellCommand, _ script: DockerScript) -> PipInstall? {
        guard let programIndex = command.programIndex, let program = command.program else { return nil }
        var rest = Array(command.words[(programIndex + 1)...])
        if program.hasPrefix("python") {
            guard let module = rest.firstIndex(where: { $0.text == "-m" }), module + 1 < rest.count, rest[module + 1].text == "pip" else { return nil }
            rest = Array(rest[(module + 2)...])
        } else if program == "uv" {
            guard rest.first?.text == "pip" else { return nil }
            rest = Array(rest.dropFirst())
        } else {
            guard program == "pip" || program.hasPrefix("pip3") || program.hasPrefix("pip2") else { return nil }
        }
        // Global options may stand before the subcommand (`pip --no-cache-dir install`).
        guard let install = rest.firstIndex(where: { $0.text == "install" }), rest[..<install].allSatisfy({ $0.text.hasPrefix("-") }) else { return nil }
        return PipInstall(script: script, command: command, options: Array(rest[(install + 1)...]), programWord: command.words[programIndex])
    }
}
