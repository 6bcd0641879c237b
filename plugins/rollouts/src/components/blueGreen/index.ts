export { BlueGreenView } from './BlueGreenView';
