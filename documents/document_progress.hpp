#pragma once
// Progress of a long document generation (a 2,000-grant deliberation, a large
// export), reported as a percentage so that a background job can publish it
// and the front-end can draw a progress bar.
//
// Contract: renderers call it rarely (a few dozen times per document, never
// per line), with non-decreasing values from 0 to 100, on the rendering
// thread. An empty function means "nobody is listening". The callback must
// not throw; if it does, the rendering is aborted with that exception.

#include <functional>

namespace grantflow::documents {

using Progress = std::function<void(int percent)>;

}  // namespace grantflow::documents
