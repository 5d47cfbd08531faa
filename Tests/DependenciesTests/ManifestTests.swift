import Foundation
import Testing
@testable import Dependencies

/// Each manifest and lock format, read from small realistic files.
@Suite struct ManifestTests {
    func readRequirements(_ files: [String: String], start: String = "requirements.txt") throws -> ManifestReading {
        let dir = try TestSupport.project(files)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var reading = ManifestReading(file: start, kind: .requirements)
        var visiting: [String] = [], visited = Set<String>()
        let base = URL(fileURLWithPath: dir).standardizedFileURL.path
        RequirementsFile.read(path: dir + "/" + start, kind: .requirements, display: { path in
            let p = URL(fileURLWithPath: path).standardizedFileURL.path
            return p.hasPrefix(base + "/") ? String(p.dropFirst(base.count + 1)) : p
        }, visiting: &visiting, visited: &visited, into: &reading)
        return reading
    }

    @Test func requirementsSyntax() throws {
        let reading = try readRequirements([
            "requirements.txt": """
            # a comment line
            --index-url https://pypi.org/simple
            Django[argon2,bcrypt] == 3.2.1 ; python_version >= "3.8"  # trailing comment
            requests>=2.0,<3 \\
                --hash=sha256:aaaa \\
                --hash sha256:bbbb
            -e git+https://github.com/pallets/flask.git@2.0.0#egg=flask
            mylib @ https://example.com/mylib-1.0.tar.gz
            https://files.example.com/pkgs/other_pkg-2.1.0-py3-none-any.whl
            -e .
            jinja2===2.10.1
            pyyaml==5.*
            -r sub/more.txt
            """,
            "sub/more.txt": "-c ../constraints.txt\nitsdangerous==0.24\n",
            "constraints.txt": "markupsafe==1.0\n",
        ])
        let byName = Dictionary(reading.dependencies.map { ($0.normalizedName, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(reading.notices.isEmpty, "\(reading.notices)")
        let django = try #require(byName["django"])
        #expect(django.exactVersion == Version("3.2.1"))
        #expect(django.extras == ["argon2", "bcrypt"])
        #expect(django.line == 3)
        #expect(django.marker != nil)
        let requests = try #require(byName["requests"])
        #expect(requests.exactVersion == nil)
        #expect(requests.alternatives.first?.description == ">=2.0,<3")
        #expect(requests.hashes == ["sha256:aaaa", "sha256:bbbb"])
        #expect(requests.line == 4)
        let flask = try #require(byName["flask"])
        #expect(flask.editable && flask.url?.hasPrefix("git+https://") == true && flask.line == 7)
        #expect(byName["mylib"]?.url == "https://example.com/mylib-1.0.tar.gz")
        #expect(byName["other-pkg"]?.url != nil)
        #expect(byName["jinja2"]?.exactVersion == Version("2.10.1"))
        #expect(byName["pyyaml"]?.exactVersion == nil, "==5.* is a range, not a pin")
        let itsdangerous = try #require(byName["itsdangerous"])
        #expect(itsdangerous.file == "sub/more.txt" && itsdangerous.line == 2)
        let markupsafe = try #require(byName["markupsafe"])
        #expect(markupsafe.kind == .constraints && markupsafe.file == "constraints.txt")
        #expect(reading.dependencies.count == 9, "-e . is the project itself")
    }

    @Test func includeCycleIsReported() throws {
        let reading = try readRequirements([
            "requirements.txt": "flask==2.0.0\n-r dev.txt\n",
            "dev.txt": "pytest==7.0.0\n--requirement=requirements.txt\n",
        ])
        #expect(reading.dependencies.map(\.normalizedName) == ["flask", "pytest"])
        #expect(reading.notices.contains { $0.contains("cycle") && $0.contains("requirements.txt -> dev.txt -> requirements.txt") })
    }

    @Test func badLineIsSkippedWithNotice() throws {
        let reading = try readRequirements(["requirements.txt": "flask===\nflask>=>2\nok==1.0\n"])
        // `===` needs a version like every operator (PEP 508's grammar; packaging rejects it).
        #expect(reading.dependencies.map(\.normalizedName) == ["ok"])
        #expect(reading.notices.contains { $0.contains("requirements.txt:1") })
        #expect(reading.notices.contains { $0.contains("requirements.txt:2") })
    }

    @Test func pyprojectPEP621GroupsAndPoetry() throws {
        let text = """
        [project]
        name = "app"
        dependencies = [
            "flask>=2.0",
            "requests==2.19.0",
        ]

        [project.optional-dependencies]
        yaml = ["pyyaml<6"]

        [dependency-groups]
        test = ["pytest>=7", {include-group = "lint"}]
        lint = ["ruff==0.1.0", {include-group = "test"}]

        [tool.poetry.dependencies]
        python = "^3.9"
        django = "^3.2.1"
        celery = { version = "~5.1", extras = ["redis"] }
        mylib = { git = "https://github.com/example/mylib.git", rev = "v1" }

        [tool.poetry.group.dev.dependencies]
        black = "22.1.0"
        """
        let reading = try TOMLManifests.readPyProject(text: text, file: "pyproject.toml")
        let byName = Dictionary(reading.dependencies.map { ($0.normalizedName, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byName["flask"]?.line == 4)
        #expect(byName["requests"]?.exactVersion == Version("2.19.0") && byName["requests"]?.line == 5)
        #expect(byName["pyyaml"]?.group == "optional:yaml" && byName["pyyaml"]?.line == 9)
        #expect(byName["pytest"] != nil && byName["ruff"]?.exactVersion == Version("0.1.0"))
        #expect(reading.notices.contains { $0.contains("include cycle") })
        let django = try #require(byName["django"])
        #expect(django.alternatives.first?.description == ">=3.2.1,<4")
        #expect(django.line == 17)
        #expect(byName["celery"]?.alternatives.first?.description == ">=5.1,<5.2")
        #expect(byName["mylib"]?.url == "git+https://github.com/example/mylib.git@v1")
        #expect(byName["black"]?.exactVersion == Version("22.1.0") && byName["black"]?.group == "dev")
        #expect(byName["python"] == nil)
    }

    @Test(arguments: [
        ("^1.2.3", ">=1.2.3,<2"), ("^1.2", ">=1.2,<2"), ("^1", ">=1,<2"), ("^0.2.3", ">=0.2.3,<0.3"), ("^0.0.3", ">=0.0.3,<0.0.4"),
        ("^0.0", ">=0.0,<0.1"), ("^0", ">=0,<1"), ("~1.2.3", ">=1.2.3,<1.3"), ("~1.2", ">=1.2,<1.3"), ("~1", ">=1,<2"),
        ("1.2.*", "==1.2.*"), ("1.2.3", "==1.2.3"), (">=1.2, <2.0", ">=1.2,<2.0"), (">= 1.2 < 2.0", ">=1.2,<2.0"), ("==1.0", "==1.0"),
        ("^1.2 || ^2.0", ">=1.2,<2 | >=2.0,<3"), ("*", ""),
    ])
    func poetryConstraints(_ input: String, _ expected: String) throws {
        let sets = try PoetryConstraint.parse(input)
        #expect(sets.map(\.description).joined(separator: " | ") == expected)
    }

    @Test func setupCfg() {
        let text = """
        [metadata]
        name = app

        [options]
        install_requires =
            flask>=2.0
            itsdangerous==0.24 ; python_version >= "3"
            # comment
        [options.extras_require]
        yaml =
            pyyaml==5.3
        """
        let reading = OtherManifests.readSetupCfg(text: text, file: "setup.cfg")
        #expect(reading.dependencies.map(\.normalizedName) == ["flask", "itsdangerous", "pyyaml"])
        #expect(reading.dependencies.map(\.line) == [6, 7, 11])
        #expect(reading.dependencies[1].exactVersion == Version("0.24"))
        #expect(reading.dependencies[2].group == "optional:yaml")
    }

    @Test func poetryLock() throws {
        let text = """
        [[package]]
        name = "django"
        version = "3.2.1"
        description = "web"

        [[package]]
        name = "mylib"
        version = "1.0"
        [package.source]
        type = "git"
        url = "https://github.com/example/mylib.git"

        [[package]]
        name = "requests"
        version = "2.19.0"
        """
        let reading = try TOMLManifests.readLock(text: text, file: "poetry.lock", kind: .poetryLock)
        #expect(reading.dependencies.map(\.normalizedName) == ["django", "mylib", "requests"])
        #expect(reading.dependencies.map(\.line) == [2, 7, 14])
        #expect(reading.dependencies[0].exactVersion == Version("3.2.1"))
        #expect(reading.dependencies[1].url == "https://github.com/example/mylib.git")
    }

    @Test func uvPdmAndPylock() throws {
        let uv = """
        version = 1
        [[package]]
        name = "app"
        version = "0.1.0"
        source = { editable = "." }

        [[package]]
        name = "flask"
        version = "2.0.0"
        source = { registry = "https://pypi.org/simple" }
        """
        let uvReading = try TOMLManifests.readLock(text: uv, file: "uv.lock", kind: .uvLock)
        #expect(uvReading.dependencies.map(\.normalizedName) == ["flask"])
        #expect(uvReading.dependencies.first?.line == 8)
        let pdm = "[metadata]\nlock_version = \"4.4\"\n\n[[package]]\nname = \"jinja2\"\nversion = \"2.10\"\n"
        let pdmReading = try TOMLManifests.readLock(text: pdm, file: "pdm.lock", kind: .pdmLock)
        #expect(pdmReading.dependencies.first?.exactVersion == Version("2.10") && pdmReading.dependencies.first?.line == 5)
        let pylock = """
        lock-version = "1.0"
        created-by = "pip"

        [[packages]]
        name = "urllib3"
        version = "1.24.1"
        marker = "python_version >= '3.8'"

        [[packages]]
        name = "local"
        directory = { path = "./local" }
        """
        let pylockReading = try TOMLManifests.readLock(text: pylock, file: "pylock.toml", kind: .pylock)
        #expect(pylockReading.dependencies.map(\.normalizedName) == ["urllib3"])
        #expect(pylockReading.dependencies.first?.line == 5 && pylockReading.dependencies.first?.marker != nil)
    }

    @Test func pipfileLock() throws {
        let text = """
        {
            "_meta": {"hash": {"sha256": "x"}},
            "default": {
                "django": {"hashes": ["sha256:aa"], "version": "==3.2.1"},
                "app": {"editable": true, "path": "."}
            },
            "develop": {
                "pytest": {"version": "==7.0.0", "markers": "python_version >= '3.7'"}
            }
        }
        """
        let reading = try OtherManifests.readPipfileLock(data: Data(text.utf8), text: text, file: "Pipfile.lock")
        #expect(reading.dependencies.map(\.normalizedName) == ["django", "pytest"])
        #expect(reading.dependencies.map(\.line) == [4, 8])
        #expect(reading.dependencies[0].hashes == ["sha256:aa"] && reading.dependencies[1].group == "dev")
    }

    @Test func invalidTOMLFailsWithLine() {
        #expect(throws: ManifestError.self) { try TOMLManifests.readPyProject(text: "[project\nname=", file: "pyproject.toml") }
    }

    @Test func installedEnvironment() throws {
        let dir = try TestSupport.project([
            "venv/lib/python3.11/site-packages/Django-3.2.1.dist-info/METADATA": "Metadata-Version: 2.1\nName: Django\nVersion: 3.2.1\nSummary: x\n\nBody Version: 9\n",
            "venv/lib/python3.11/site-packages/broken.dist-info/METADATA": "Metadata-Version: 2.1\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let readings = try OtherManifests.readInstalled(environment: dir + "/venv", display: { $0 })
        let deps = readings.flatMap(\.dependencies)
        #expect(deps.map(\.normalizedName) == ["django"])
        #expect(deps.first?.exactVersion == Version("3.2.1") && deps.first?.line == 3)
        #expect(readings.flatMap(\.notices).contains { $0.contains("no Name or Version") })
        #expect(throws: ManifestError.self) { try OtherManifests.readInstalled(environment: dir, display: { $0 }) }
    }
}
