'use strict'
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: see below */
/**
 * ajv and ajv-formats, which `jsonSchema()` loads with `require()` the first time a JSON Schema is
 * used, so that `import 'md2data'` does not load them (about 300 KB of code). The build bundles
 * this file, with them, into `dist/ajv.cjs`, beside the chunk that requires it. CommonJS, because
 * `jsonSchema()` is synchronous: `require()` of an ES module needs Node.js 20.19.
 */
const {Ajv} = require('ajv')
const {Ajv2019} = require('ajv/dist/2019.js')
const {Ajv2020} = require('ajv/dist/2020.js')
const formats = require('ajv-formats')

module.exports = {Ajv, Ajv2019, Ajv2020, addFormats: formats.default ?? formats}
