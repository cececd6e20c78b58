import Foundation
import Testing

/// A program or Python package a test needs (scripts/setup installs every one of them).
///
/// Outside CI a missing tool skips the test with a line saying so. With `CI=true` (CI's
/// environment) it fails the test, naming the tool and its install line: a CI machine without the
/// tool must not go green having tested nothing.
public struct RequiredTool: Sendable {
    public let name: String
    public let install: String

    public init(name: String, install: String) {
        self.name = name
        self.install = install
    }

    public static let chromium = RequiredTool(name: "chromium", install: "apt-get install chromium")
    public static let influxd = RequiredTool(name: "influxd", install: "apt-get install influxdb")
    public static let prometheus = RequiredTool(name: "prometheus", install: "apt-get install prometheus")
    public static let openssl = RequiredTool(name: "openssl and curl", install: "apt-get install openssl curl")
    public static let kubectl = RequiredTool(name: "kubectl", install: "apt-get install kubernetes-client")
    public static let kubernetesValidate = RequiredTool(name: "kubernetes-validate", install: "pip install kubernetes-validate")
    public static let pythonHdrh = RequiredTool(name: "python hdrh", install: "pip install hdrhistogram")
    public static let pythonProtobuf = RequiredTool(name: "python protobuf", install: "pip install protobuf")
    public static let pythonPlaywright = RequiredTool(name: "python playwright", install: "pip install playwright")

    /// Whether this is CI, where every tool is required.
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Whether a test that needs the tool should run: when it is there, and always under CI, where
    /// ``require(_:)`` then fails it.
    public func runs(_ available: Bool) -> Bool { available || Self.isCI }

    /// Call where the tool was not found: under CI this throws ``Missing``; otherwise it prints
    /// that the test is skipped, and the test returns.
    public func missing() throws {
        if Self.isCI { throw Missing(tool: self) }
        print("skipped: \(name) not found (\(install); scripts/setup does)")
    }

    /// Throws ``Missing`` when the tool is not `available` (a test that ``runs(_:)`` only under CI).
    public func require(_ available: Bool) throws {
        if !available { throw Missing(tool: self) }
    }

    public struct Missing: Error, CustomStringConvertible {
        public let tool: RequiredTool
        public var description: String {
            "\(tool.name) is missing, and CI=true requires it: \(tool.install) (scripts/setup does)"
        }
    }
}

extension Tag {
    /// Needs a program or Python package besides Swift (``RequiredTool``).
    @Tag public static var tool: Self
    /// Asserts on wall-clock time or timing between processes; run apart from CPU-heavy tests.
    @Tag public static var timing: Self
    /// Spends seconds of CPU (randomized or large inputs).
    @Tag public static var cpuHeavy: Self
}
