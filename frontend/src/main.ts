import { mount } from 'svelte';
import App from './App.svelte';
import { syncDocument } from './i18n/locale.ts';
import { guardImeEnter } from './lib/ime.ts';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app element');

syncDocument();
guardImeEnter(document);

export default mount(App, { target });
