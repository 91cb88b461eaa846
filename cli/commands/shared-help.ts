/** The options of every command that reads an AWS account, as `--help` lists them. */
export const AWS_OPTIONS_HELP = `  --region REGION    AWS Region to read (default: AWS_REGION, else the profile's region)
  --profile NAME     AWS profile for credentials (default: AWS_PROFILE, else the SDK's
                     default chain: environment, SSO, config files, instance role)
  --policy FILE      policy document, YAML or JSON (default: $AUTOPILOT_POLICY, else
                     ./policy.yml when present, the file \`npm run build\` bundles, else
                     the built-in defaults)
  -q, --quiet        no progress and no notes on stderr
  -h, --help         this help`;

/** How every command ends, as `--help` says it. */
export const EXIT_STATUS_HELP = `Exit status: 0 done, 1 failed (invalid policy or event, AWS error), 2 bad arguments.
Progress and notes go to stderr; results alone go to stdout.`;
