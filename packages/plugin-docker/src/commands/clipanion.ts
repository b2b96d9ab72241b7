/**
 * clipanion's Command and Option, as the ant CLI itself runs them (re-exported by
 * `@ant/runner/plugin`): one instance for the CLI and its plugins, nothing loaded twice.
 */
export { Command, Option } from '@ant/runner/plugin';
