/**
 * Snowball indonesian stop words, 93 words: https://snowballstem.org/algorithms/indonesian/stop.txt
 * (snowballstem/snowball-website @ a5c23fcf6cb8). BSD-3-Clause, (c) 2001 Dr Martin Porter,
 * (c) 2002 Richard Boulton.
 */
// prettier-ignore
export const indonesian: readonly string[] = [
  'yang', 'dan', 'di', 'dari', 'ini', 'pada', 'kepada', 'ada', 'adalah', 'dengan', 'untuk', 'dalam',
  'oleh', 'sebagai', 'juga', 'ke', 'atau', 'tidak', 'itu', 'sebuah', 'tersebut', 'dapat', 'ia',
  'telah', 'satu', 'memiliki', 'mereka', 'bahwa', 'lebih', 'karena', 'seorang', 'akan', 'seperti',
  'secara', 'kemudian', 'beberapa', 'banyak', 'antara', 'setelah', 'yaitu', 'hanya', 'hingga',
  'serta', 'sama', 'dia', 'tetapi', 'namun', 'melalui', 'bisa', 'sehingga', 'ketika', 'suatu',
  'sendiri', 'bagi', 'semua', 'harus', 'setiap', 'maka', 'maupun', 'tanpa', 'saja', 'jika', 'bukan',
  'belum', 'sedangkan', 'yakni', 'meskipun', 'hampir', 'kita', 'demikian', 'daripada', 'apa',
  'ialah', 'sana', 'begitu', 'seseorang', 'selain', 'terlalu', 'ataupun', 'saya', 'bila',
  'bagaimana', 'tapi', 'apabila', 'kalau', 'kami', 'melainkan', 'boleh', 'aku', 'anda', 'kamu',
  'beliau', 'kalian',
];
