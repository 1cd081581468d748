namespace Lepton.Monitor.Reporting;

/// <summary>A rendered chart: PNG bytes, the file name it is written under beside index.html, and its caption (also the image's alt text).</summary>
internal sealed record ChartImage(string FileName, string Caption, byte[] Png, int Width, int Height);
