export function Brand() {
  return (
    <h1 className="brand">
      扉 <span>Tobira</span>
    </h1>
  );
}
