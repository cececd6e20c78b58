import BarrageCore
import Testing
@testable import BarrageCoordinator
@testable import BarrageImport

struct OpenAPIImporterTests {
    static let spec = """
        openapi: 3.0.3
        info: {title: pets, version: "1"}
        servers: [{url: "https://{env}.pets.test/v1", variables: {env: {default: api}}}]
        security: [{bearer: []}]
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
            key: {type: apiKey, in: query, name: api_key}
          schemas:
            Pet:
              type: object
              required: [name]
              properties:
                id: {type: integer, readOnly: true}
                name: {type: string, minLength: 3}
                kind: {type: string, enum: [cat, dog]}
                born: {type: string, format: date}
        paths:
          /pets:
            post:
              operationId: addPet
              requestBody:
                content:
                  application/json: {schema: {$ref: '#/components/schemas/Pet'}}
              responses:
                "201":
                  description: created
                  links:
                    GetPet: {operationId: getPet, parameters: {petId: $response.body#/id}}
          /pets/{petId}:
            get:
              operationId: getPet
              security: [{key: []}]
              parameters:
                - {name: petId, in: path, required: true, schema: {type: integer}, example: 7}
                - {name: fields, in: query, schema: {type: string}, examples: {one: {value: "name,kind"}}}
                - {name: verbose, in: query, schema: {type: boolean}}
              responses: {"200": {description: ok}}
          /search:
            get:
              operationId: search
              security: []
              parameters:
                - {name: q, in: query, required: true, schema: {type: string, default: "a b"}}
              responses: {"200": {description: ok}}
        """

    @Test func operationsParametersBodiesLinksAndSecurity() throws {
        let result = try OpenAPIImporter.importText(Self.spec)
        let scenario = try ScenarioFile.parse(result.yaml, file: "api.yaml", baseDirectory: "/nonexistent", environment: ["BEARER": "t0k", "KEY": "k3y"])
        #expect(scenario.requests.map(\.name) == ["addPet", "getPet", "search"])
        #expect(scenario.requests[0].url == "https://api.pets.test/v1/pets")
        #expect(scenario.requests[0].body == #"{"born":"2024-01-01","kind":"cat","name":"example"}"#)
        #expect(scenario.requests[0].headers.contains(HTTPHeader(name: "Authorization", value: "Bearer t0k")))
        #expect(scenario.requests[0].extract == [Extraction(name: "id", source: .json("$.id"))])
        #expect(scenario.requests[1].url == "https://api.pets.test/v1/pets/${id}?fields=name%2Ckind&api_key=k3y")
        #expect(scenario.requests[2].url == "https://api.pets.test/v1/search?q=a+b")
        #expect(!scenario.requests[2].headers.contains { $0.name == "Authorization" })
    }

    @Test(arguments: [
        ("swagger: '2.0'\npaths: {}", "not an OpenAPI 3 document: this is Swagger 2.0"),
        ("openapi: 3.0.0\ninfo: {}", "not an OpenAPI 3 document: no paths: mapping"),
        ("[1, 2", "not an OpenAPI 3 document: not valid JSON or YAML"),
        ("{\"openapi\": \"3.1.0\", \"paths\": {}}", "nothing to import: the document has no operations"),
        ("title: x", "not an OpenAPI 3 document: expected openapi: 3.0.x or 3.1.x"),
    ])
    func badDocumentsAreOneLine(text: String, prefix: String) {
        do {
            _ = try OpenAPIImporter.importText(text)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix(prefix), "\(error.description)")
        }
    }
}
