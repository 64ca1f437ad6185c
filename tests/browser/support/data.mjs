// Test data: PDF files of a chosen size, identifiers that pass the checks.

// A small valid PDF, padded with a comment to `size` bytes (so the upload
// takes long enough for the progress bar to move).
export function samplePdf(title, size = 2000) {
  const head = `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>> endobj\n% ${title}\n`;
  const tail = 'trailer <</Root 1 0 R>>\n%%EOF\n';
  const padding = Math.max(0, size - head.length - tail.length);
  return Buffer.concat([Buffer.from(head), Buffer.alloc(padding, '%'), Buffer.from(tail)]);
}

// 13 digits + the Luhn check digit = a SIRET that passes.
export function siretWithLuhn(thirteen) {
  const digits = thirteen.slice(0, 13).split('').map(Number);
  for (let check = 0; check < 10; check += 1) {
    const all = [...digits, check];
    let sum = 0;
    all.reverse().forEach((d, i) => {
      let v = i % 2 === 1 ? d * 2 : d;
      if (v > 9) v -= 9;
      sum += v;
    });
    if (sum % 10 === 0) return all.reverse().join('');
  }
  throw new Error('unreachable');
}
