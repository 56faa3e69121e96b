export default function Program() {
  return null;
}
