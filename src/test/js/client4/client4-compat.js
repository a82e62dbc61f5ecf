'use strict';
// Drives Plugin Console with Mattermost's own JavaScript client (@mattermost/client Client4),
// unchanged, as the System Console does. Client4CompatibilityTest starts the server, builds the
// bundles and asserts on the single JSON line this script prints; this script only records what
// the client returned or threw, it never decides pass or fail.
//
// Usage: node client4-compat.js  (settings in the environment)
//   PC_URL            the server, e.g. http://127.0.0.1:41234
//   PC_USER, PC_PASSWORD
//   PC_BUNDLE         a bundle file whose plugin id is PC_PLUGIN_ID
//   PC_BUNDLE_NEWER   the same plugin with another version, uploaded with force
//   PC_PLUGIN_ID
//   PC_URL_BUNDLE     a bundle URL for installPluginFromUrl

const fs = require('node:fs');
const path = require('node:path');
const {Client4, ClientError} = require('@mattermost/client');

const env = (name) => {
    const value = process.env[name];
    if (!value) {
        throw new Error(`missing environment variable ${name}`);
    }
    return value;
};

// In a browser the file comes from <input type=file>; Node 20 has the same File class as a global,
// Node 18 only in node:buffer.
const FileClass = globalThis.File || require('node:buffer').File;
const bundleFile = (file) => new FileClass([fs.readFileSync(file)], path.basename(file), {type: 'application/gzip'});

const ids = (list) => (list || []).map((m) => m.id);
const listing = (plugins) => ({active: ids(plugins.active), inactive: ids(plugins.inactive)});

// What a caught error looked like to the caller.
const failure = (err) => ({
    client_error: err instanceof ClientError,
    server_error_id: err.server_error_id,
    status_code: err.status_code,
    message: err.message,
});

async function main() {
    const id = env('PC_PLUGIN_ID');
    const out = {node: process.version};
    const client = new Client4();
    client.setUrl(env('PC_URL'));

    const me = await client.login(env('PC_USER'), env('PC_PASSWORD'));
    out.login = {username: me.username, roles: me.roles, has_token: client.getToken() !== ''};
    out.server_version = client.getServerVersion();

    const uploaded = await client.uploadPlugin(bundleFile(env('PC_BUNDLE')));
    out.upload = {id: uploaded.id, version: uploaded.version, name: uploaded.name};
    out.after_upload = listing(await client.getPlugins());

    out.enable = await client.enablePlugin(id);
    out.after_enable = listing(await client.getPlugins());
    const statuses = await client.getPluginStatuses();
    out.statuses = statuses.map((s) => ({plugin_id: s.plugin_id, state: s.state, version: s.version, name: s.name,
        cluster_id: s.cluster_id, has_plugin_path: typeof s.plugin_path === 'string' && s.plugin_path !== ''}));

    try {
        await client.uploadPlugin(bundleFile(env('PC_BUNDLE')));
        out.duplicate_upload = {thrown: false};
    } catch (err) {
        out.duplicate_upload = {thrown: true, ...failure(err)};
    }

    const forced = await client.uploadPlugin(bundleFile(env('PC_BUNDLE_NEWER')), true);
    out.forced_upload = {id: forced.id, version: forced.version};
    out.after_forced_upload = listing(await client.getPlugins());

    out.disable = await client.disablePlugin(id);
    out.after_disable = listing(await client.getPlugins());

    out.remove = await client.removePlugin(id);
    out.after_remove = listing(await client.getPlugins());

    try {
        await client.enablePlugin(id);
        out.enable_removed = {thrown: false};
    } catch (err) {
        out.enable_removed = {thrown: true, ...failure(err)};
    }

    const fromUrl = await client.installPluginFromUrl(env('PC_URL_BUNDLE'));
    out.install_from_url = {id: fromUrl.id, version: fromUrl.version};
    out.after_install_from_url = listing(await client.getPlugins());

    try {
        await client.installPluginFromUrl(env('PC_URL_BUNDLE'));
        out.duplicate_install_from_url = {thrown: false};
    } catch (err) {
        out.duplicate_install_from_url = {thrown: true, ...failure(err)};
    }
    return out;
}

main().then((out) => {
    process.stdout.write(JSON.stringify(out) + '\n');
}, (err) => {
    // An unexpected failure is reported as data too, so the Java side can show where it stopped.
    const report = {fatal: String(err && err.stack ? err.stack : err)};
    if (err instanceof ClientError) {
        Object.assign(report, failure(err), {url: err.url});
    }
    process.stdout.write(JSON.stringify(report) + '\n');
    process.exitCode = 1;
});
