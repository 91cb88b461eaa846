'use strict';
/**
 * Builds the function bundles right before serverless packages them, with the stage's policy file
 * (the `policyFile` parameter) compiled in. `serverless deploy` therefore always ships bundles
 * built from the current code and the intended policy, never stale ones from an earlier build.
 * CommonJS because serverless loads plugins with require; the build itself runs on the project's
 * Node.js 22 (node_modules/.bin/node), which strips TypeScript types.
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

class BuildBundlesPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    const build = () => this.build();
    this.hooks = {
      'before:package:createDeploymentArtifacts': build,
      'before:deploy:function:packageFunction': build,
      'before:invoke:local:invoke': build,
    };
  }

  build() {
    // The tests build once before any of them runs; packaging again must not rewrite dist/
    // underneath scenario tests that are running the bundles.
    if (process.env.AUTOPILOT_SKIP_BUILD === '1') return;
    const root = this.serverless.serviceDir;
    const policyFile = this.serverless.service.custom.policyFile;
    try {
      execFileSync(
        path.join(root, 'node_modules/.bin/node'),
        [path.join(root, 'scripts/build.ts')],
        {
          cwd: root,
          env: { ...process.env, AUTOPILOT_POLICY: policyFile },
          stdio: 'inherit',
        },
      );
    } catch {
      // The build printed its own error (an invalid policy names every problem).
      throw new this.serverless.classes.Error(
        `Building the bundles with ${policyFile} failed (see above); nothing was packaged.`,
      );
    }
  }
}

module.exports = BuildBundlesPlugin;
