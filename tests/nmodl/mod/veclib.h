/* a header of our own beside veclib.mod: a function-like macro and a number typedef */
#define ISVEC(_OB_) (strncmp(hoc_object_name(_OB_), "Vector", 6) == 0)
typedef double real8;
