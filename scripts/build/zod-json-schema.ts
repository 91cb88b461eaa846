/**
 * Stands in for zod's `core/to-json-schema.js` where zod's classic schemas import it, in the Lambda
 * bundles (an esbuild alias in scripts/build/lambda-aliases.ts). The functions only parse; they
 * never turn a schema into JSON Schema. The two factories keep their shape (each returns a method)
 * because zod calls them whenever a schema's Standard Schema interface (`schema['~standard']`) is
 * read; only calling the returned method throws.
 */
function refuseJsonSchema(): never {
  throw new Error(
    "zod JSON Schema generation is not bundled into ecs-autopilot's Lambda functions (scripts/build/lambda-aliases.ts)",
  );
}

/** The `schema.toJSONSchema` method: throws when called. */
export function createToJSONSchemaMethod(): () => never {
  return refuseJsonSchema;
}

/** The Standard Schema `jsonSchema.input` / `.output` methods: throw when called. */
export function createStandardJSONSchemaMethod(): () => never {
  return refuseJsonSchema;
}
