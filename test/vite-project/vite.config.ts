import {defineConfig} from 'vite'
import md2data from 'md2data/vite'

export default defineConfig({plugins: [md2data()]})
